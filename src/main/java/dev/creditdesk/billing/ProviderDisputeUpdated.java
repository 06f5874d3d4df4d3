package dev.creditdesk.billing;

import java.time.Instant;
import java.util.UUID;
import org.joda.money.Money;

/**
 * A provider opened, updated or closed a dispute on a charge (kept as it said in provider_disputes).
 * {@code orderId} is null when the charge is not one of ours. Published inside the webhook's
 * transaction, so whatever acts on it commits or fails with the webhook.
 */
public record ProviderDisputeUpdated(UUID tenantId, String provider, String providerDisputeId, String eventType,
        UUID orderId, String transactionId, String status, String reason, Money amount, Instant evidenceDueBy,
        Instant openedAt) {
}
