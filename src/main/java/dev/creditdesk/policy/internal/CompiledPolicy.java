package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.CreditRemoval;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.Policy;
import dev.creditdesk.policy.PolicyNeeds;
import dev.creditdesk.policy.UsageQuery;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A policy whose expressions are compiled; evaluating it is pure and needs only the facts. */
public final class CompiledPolicy {

    public record CompiledRule(Policy.Rule rule, ExpressionEngine.Compiled condition,
            ExpressionEngine.Compiled amount) {
    }

    private final Policy policy;
    private final List<CompiledRule> rules;
    private final PolicyNeeds needs;

    CompiledPolicy(Policy policy, List<CompiledRule> rules) {
        this.policy = policy;
        this.rules = rules;
        Set<UsageQuery> usage = new LinkedHashSet<>();
        Set<String> prices = new LinkedHashSet<>();
        for (CompiledRule rule : rules) {
            for (ExpressionEngine.Compiled expression : new ExpressionEngine.Compiled[] {rule.condition(), rule.amount()}) {
                if (expression != null) {
                    usage.addAll(expression.needs().usage());
                    prices.addAll(expression.needs().planPrices());
                }
            }
        }
        this.needs = new PolicyNeeds(usage, prices);
    }

    public Policy policy() {
        return policy;
    }

    /** The usage aggregates and catalog prices the rules read, which the facts must carry. */
    public PolicyNeeds needs() {
        return needs;
    }

    /**
     * Tries the rules in order; the first that matches decides. A request outside the policy's
     * window is refused first, citing the window's clause.
     */
    public Decision evaluate(Facts facts) {
        List<Decision.Step> trace = new ArrayList<>();
        Policy.RequestWindow window = policy.window();
        if (window != null && !facts.withinWindow(window)) {
            trace.add(new Decision.Step("request-window", window.cite(), true));
            return new Decision(policy.id(), policy.version(), Outcome.NO_REFUND, null, 0, List.of(), List.of(), List.of(), true,
                    "request-window", window.cite(), "The request came after the window closed.", List.copyOf(trace));
        }
        trace.add(new Decision.Step("request-window", window == null ? null : window.cite(), false));
        for (CompiledRule compiled : rules) {
            Policy.Rule rule = compiled.rule();
            boolean matched = Boolean.TRUE.equals(compiled.condition().evaluate(facts));
            trace.add(new Decision.Step(rule.id(), rule.cite(), matched));
            if (matched) {
                return decide(compiled, facts, trace);
            }
        }
        // Unreachable for a policy whose last rule is "true", which lint recommends.
        return new Decision(policy.id(), policy.version(), Outcome.NEEDS_REVIEW, null, 0, List.of(), List.of(), List.of(), false,
                null, null, "No rule matched.", List.copyOf(trace));
    }

    private Decision decide(CompiledRule compiled, Facts facts, List<Decision.Step> trace) {
        Policy.Rule rule = compiled.rule();
        BigDecimal amount = null;
        if (compiled.amount() != null || rule.outcome() == Outcome.FULL_REFUND) {
            BigDecimal cap = rule.remedies().contains("refund_duplicate_charge")
                    ? facts.duplicateAmount() : facts.refundable(policy.nonRefundable());
            BigDecimal computed = compiled.amount() == null ? cap : Facts.decimal(compiled.amount().evaluate(facts));
            amount = computed.min(cap).max(BigDecimal.ZERO).setScale(policy.roundingScale(), policy.roundingMode());
        }
        long credits = switch (rule.removeCredits()) {
            case REMAINING -> facts.remainingCredits();
            case UNUSED_PAID -> facts.unusedPaidCredits();
            case NONE -> 0;
        };
        if (!rule.outcome().refunds()) {
            credits = rule.removeCredits() == CreditRemoval.NONE ? 0 : credits;
        }
        return new Decision(policy.id(), policy.version(), rule.outcome(), amount, credits, rule.remedies(), rule.options(),
                rule.missing(), rule.automatic(), rule.id(), rule.cite(), rule.note(), List.copyOf(trace),
                rule.remedyOptions(), rule.choose());
    }
}
