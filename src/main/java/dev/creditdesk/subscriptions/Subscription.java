package dev.creditdesk.subscriptions;

import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

/**
 * status: active or ended; an active subscription with cancelAtPeriodEnd ends at currentPeriodEnd.
 * A suspended one ({@code suspendedAt} set, by {@code suspensionSource} such as a dispute) does not
 * renew by itself and delivers no new credits until it is resumed. A paused one ({@code pausedUntil}
 * set) does not renew before then; its next period starts at that time.
 */
public record Subscription(UUID id, UUID accountId, String planId, String provider, String providerSubscriptionId,
        String status, boolean cancelAtPeriodEnd, Instant currentPeriodStart, Instant currentPeriodEnd, int periods,
        Instant createdAt, Instant canceledAt, Instant endedAt, String endReason, Instant suspendedAt,
        String suspensionSource, String suspensionSourceId, SortedMap<String, String> metadata, String channel,
        Instant pausedUntil) {

    public boolean suspended() {
        return suspendedAt != null;
    }

    public boolean active() {
        return "active".equals(status);
    }
}
