package dev.creditdesk.policy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a policy proposes for one request, with every rule it tried: the policy and version, the
 * outcome, the amount (rounded once, never more than what remains refundable), the credits to
 * remove, the remedies to suggest (all of them, and the alternative sets an approval picks one of),
 * what information is missing, whether it may be executed without a person, and the rule and
 * clause it rests on.
 */
public record Decision(String policyId, String policyVersion, Outcome outcome, BigDecimal amount,
        long creditsToRemove, List<String> remedies, List<List<String>> options, List<String> missing,
        boolean automatic, String ruleId, String cite, String note, List<Step> trace,
        List<List<ProposedRemedy>> remedyOptions, Policy.Chooser choose) {

    /** A decision whose options name remedies without parameters, chosen by support. */
    public Decision(String policyId, String policyVersion, Outcome outcome, BigDecimal amount, long creditsToRemove,
            List<String> remedies, List<List<String>> options, List<String> missing, boolean automatic, String ruleId,
            String cite, String note, List<Step> trace) {
        this(policyId, policyVersion, outcome, amount, creditsToRemove, remedies, options, missing, automatic, ruleId,
                cite, note, trace, options.stream().map(option -> option.stream().map(Decision::named).toList())
                        .toList(), Policy.Chooser.SUPPORT);
    }

    private static ProposedRemedy named(String name) {
        ProposedRemedy remedy = ProposedRemedy.named(name);
        return remedy != null ? remedy : new ProposedRemedy.Plain(ProposedRemedy.Type.fromWire(name));
    }

    /** The same decision with {@code amount} instead (capped to what is left to refund). */
    public Decision withAmount(BigDecimal newAmount) {
        return new Decision(policyId, policyVersion, outcome, newAmount, creditsToRemove, remedies, options, missing,
                automatic, ruleId, cite, note, trace, remedyOptions, choose);
    }

    /** The same decision, left to a person (what it proposes cannot be carried out alone). */
    public Decision forReview() {
        return new Decision(policyId, policyVersion, outcome, amount, creditsToRemove, remedies, options, missing,
                false, ruleId, cite, note, trace, remedyOptions, choose);
    }

    /** The customer picks one of the options before anything is carried out. */
    public boolean customerChooses() {
        return choose == Policy.Chooser.CUSTOMER;
    }

    /**
     * The decision as the API and the CLI write it: wire names, the amount as a string.
     * {@code options} name each option's remedies; {@code option_details} are the same options with
     * each remedy as an object with its parameters ({@link ProposedRemedy#toJson()}), and
     * {@code choose} says who picks one.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "policy_decision");
        json.put("policy_id", policyId);
        json.put("policy_version", policyVersion);
        json.put("outcome", outcome.wireName());
        json.put("amount", amount == null ? null : amount.toPlainString());
        json.put("credits_to_remove", creditsToRemove);
        json.put("remedies", remedies);
        json.put("options", options);
        json.put("option_details", remedyOptions.stream()
                .map(option -> option.stream().map(ProposedRemedy::toJson).toList()).toList());
        json.put("choose", choose.wireName());
        json.put("missing", missing);
        json.put("automatic", automatic);
        json.put("rule", ruleId);
        json.put("cite", cite);
        json.put("note", note);
        json.put("trace", trace.stream().map(step -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rule", step.ruleId());
            s.put("cite", step.cite());
            s.put("matched", step.matched());
            s.put("window_closed", step.windowClosed());
            return s;
        }).toList());
        return json;
    }

    /**
     * One rule tried, and whether it matched; a rule whose window had closed is not tried
     * ({@code windowClosed}, citing the window's clause). The policy's {@code request-window} step
     * says whether its window was closed and matches when that window decides.
     */
    public record Step(String ruleId, String cite, boolean matched, boolean windowClosed) {

        public Step(String ruleId, String cite, boolean matched) {
            this(ruleId, cite, matched, false);
        }
    }
}
