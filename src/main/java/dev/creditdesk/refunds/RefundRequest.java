package dev.creditdesk.refunds;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's request for money back and where it stands:
 * in_review (due at {@code dueAt}) | awaiting_information | approved | rejected | withdrawn.
 * {@code proposal} is the policy's decision with its trace, as the policy version in force made it.
 */
public record RefundRequest(UUID id, UUID accountId, UUID orderId, String email, String orderNumber,
        String transactionId, LocalDate purchaseDate, String category, String reason, UUID taskId,
        java.util.List<String> evidenceKinds, String status,
        String policyId, String policyVersion, String outcome, BigDecimal proposedAmount,
        Map<String, Object> proposal, Instant dueAt, Instant receivedAt, Instant decidedAt, String decidedBy,
        Map<String, Object> decision, UUID refundId) {
}
