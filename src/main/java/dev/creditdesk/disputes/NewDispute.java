package dev.creditdesk.disputes;

import java.time.Instant;
import java.util.UUID;
import org.joda.money.Money;

/** A dispute to record on {@code orderId}: from the provider's webhook or from support. */
public record NewDispute(UUID orderId, String provider, String providerDisputeId, String transactionId,
        String status, String reason, Money amount, Instant evidenceDueBy, Instant openedAt) {
}
