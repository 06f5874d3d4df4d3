package dev.creditdesk.policy;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a policy proposes for one request, with every rule it tried: the policy and version, the
 * outcome, the amount (rounded once, never more than what remains refundable), the credits to
 * remove, the remedies to suggest, what information is missing, whether it may be executed
 * without a person, and the rule and clause it rests on.
 */
public record Decision(String policyId, String policyVersion, Outcome outcome, BigDecimal amount,
        long creditsToRemove, List<String> remedies, List<String> missing, boolean automatic, String ruleId,
        String cite, String note, List<Step> trace) {

    /** One rule tried, and whether it matched. */
    public record Step(String ruleId, String cite, boolean matched) {
    }
}
