package dev.creditdesk.billing;

import java.util.UUID;

/** A provider opened, updated or closed a dispute on one of our charges (kept in provider_disputes). */
public record ProviderDisputeUpdated(UUID tenantId, String provider, String providerDisputeId, String eventType,
        UUID orderId) {
}
