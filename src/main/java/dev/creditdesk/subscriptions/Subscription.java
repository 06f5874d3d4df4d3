package dev.creditdesk.subscriptions;

import java.time.Instant;
import java.util.UUID;

/** status: active or ended; an active subscription with cancelAtPeriodEnd ends at currentPeriodEnd. */
public record Subscription(UUID id, UUID accountId, String planId, String provider, String providerSubscriptionId,
        String status, boolean cancelAtPeriodEnd, Instant currentPeriodStart, Instant currentPeriodEnd, int periods,
        Instant createdAt, Instant canceledAt, Instant endedAt, String endReason) {

    public boolean active() {
        return "active".equals(status);
    }
}
