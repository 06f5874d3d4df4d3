package dev.creditdesk.compensation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What was done for one incident. {@code status}: compensated (by this call), already_compensated
 * (an earlier run did it; this one did nothing), not_compensated (nothing done yet) or not_eligible
 * (with the {@code reason}).
 */
public record Compensation(UUID incidentId, String status, String reason, String mode, BigDecimal thresholdHours,
        BigDecimal incidentHours, String ranBy, Instant ranAt, List<Affected> accounts) {

    /** One affected account, the order that made it so, and its credits block or review case. */
    public record Affected(UUID accountId, UUID orderId, Long credits, UUID blockId, UUID refundRequestId,
            Instant createdAt) {
    }

    public Compensation withStatus(String status) {
        return new Compensation(incidentId, status, reason, mode, thresholdHours, incidentHours, ranBy, ranAt, accounts);
    }

    static Compensation notEligible(UUID incidentId, String reason) {
        return new Compensation(incidentId, "not_eligible", reason, null, null, null, null, null, List.of());
    }
}
