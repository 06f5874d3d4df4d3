package dev.creditdesk.refunds;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One proposal a case had: what the policy proposed, what made it evaluate ({@code trigger}), who
 * and when, and the {@code facts} the policy read (a facts file's JSON object; null when no policy
 * evaluated, or for proposals older than the snapshots).
 */
public record CaseProposal(String policyId, String policyVersion, String outcome, BigDecimal amount,
        Map<String, Object> proposal, String trigger, String evaluatedBy, Instant evaluatedAt,
        Map<String, Object> facts) {
}
