package dev.creditdesk.billing;

import java.util.UUID;

/** A payment provider's side of refunds. Implementations must be idempotent per refund id. */
public interface PaymentProvider {

    String name();

    /** Sends the refund; called again with the same refund after a crash or a transient failure. */
    Submission submit(UUID tenantId, ProviderRefund refund, Charge charge);

    /** What the provider said: the refund's new status, its id there, and why it failed if it did. */
    record Submission(ProviderRefund.Status status, String providerRefundId, String failureReason, boolean retry) {

        public static Submission retryLater(String why) {
            return new Submission(ProviderRefund.Status.REQUESTED, null, why, true);
        }
    }
}
