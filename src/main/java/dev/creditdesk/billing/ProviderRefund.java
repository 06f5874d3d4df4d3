package dev.creditdesk.billing;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.joda.money.Money;

/**
 * Money going back to a customer through the provider that charged them.
 * requested (written, not yet sent) → pending (the provider has it) → succeeded | failed | canceled.
 */
public record ProviderRefund(UUID id, UUID orderId, UUID chargeId, String provider, Money amount, Status status,
        String providerRefundId, String reason, String failureReason, int attempts, String requestedBy,
        Instant createdAt, Instant submittedAt, Instant completedAt) {

    public enum Status {
        REQUESTED,
        PENDING,
        SUCCEEDED,
        FAILED,
        CANCELED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        public boolean terminal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELED;
        }
    }
}
