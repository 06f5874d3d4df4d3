package dev.creditdesk.disputes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.joda.money.Money;

/**
 * A chargeback on an order. {@code status} is the provider's word for where it stands;
 * {@code outcome} is ours: open, won or lost. {@code refundRequestId} links the customer's earlier
 * request about the order, when there was one (then nothing was suspended). {@code suspensions}
 * are what it took away while open, and how each was settled.
 */
public record Dispute(UUID id, UUID orderId, UUID accountId, String provider, String providerDisputeId,
        String transactionId, String status, Outcome outcome, String reason, Money amount, Instant evidenceDueBy,
        Instant openedAt, Instant closedAt, UUID refundRequestId, String policyId, String policyVersion,
        String policyCite, String createdBy, Instant createdAt, Instant updatedAt, List<DisputeSuspension> suspensions) {

    public enum Outcome {
        OPEN,
        WON,
        LOST;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The provider's statuses (Stripe's vocabulary) and the outcome each one means. */
    public static Outcome outcomeOf(String status) {
        return switch (status) {
            case "warning_needs_response", "warning_under_review", "needs_response", "under_review" -> Outcome.OPEN;
            case "won", "warning_closed", "prevented" -> Outcome.WON;
            case "lost" -> Outcome.LOST;
            default -> throw new IllegalArgumentException("unknown dispute status " + status);
        };
    }

    public static final List<String> STATUSES = List.of("warning_needs_response", "warning_under_review",
            "warning_closed", "needs_response", "under_review", "won", "lost", "prevented");

    public Dispute withSuspensions(List<DisputeSuspension> suspensions) {
        return new Dispute(id, orderId, accountId, provider, providerDisputeId, transactionId, status, outcome, reason,
                amount, evidenceDueBy, openedAt, closedAt, refundRequestId, policyId, policyVersion, policyCite,
                createdBy, createdAt, updatedAt, List.copyOf(suspensions));
    }

    public boolean open() {
        return outcome == Outcome.OPEN;
    }

    /**
     * One thing a dispute suspended: {@code kind} credits (target: the order; {@code credits}
     * suspended when it opened), subscription, download or access (target: the account's
     * suspension). {@code settlement}: lifted, revoked or ended; null while in force.
     */
    public record DisputeSuspension(String kind, UUID targetId, long credits, Instant createdAt, Instant settledAt,
            String settlement) {
    }
}
