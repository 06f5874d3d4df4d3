package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.CreditRemoval;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.Policy;
import dev.creditdesk.policy.PolicyNeeds;
import dev.creditdesk.policy.UsageQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A policy whose expressions are compiled; evaluating it is pure and needs only the facts. */
public final class CompiledPolicy {

    /** The rule id of the policy's own window in decisions and traces. */
    public static final String WINDOW_RULE = "request-window";
    static final String NOTHING_TO_REFUND = "The refund comes to nothing, so no credits are removed.";

    public record CompiledRule(Policy.Rule rule, ExpressionEngine.Compiled condition,
            ExpressionEngine.Compiled amount) {
    }

    private final Policy policy;
    private final List<CompiledRule> rules;
    private final PolicyNeeds needs;
    /** The window each rule answers to, resolved: the policy's (the same object), its own, or null for none. */
    private final Policy.RequestWindow[] windows;
    private final boolean allUsePolicyWindow;

    CompiledPolicy(Policy policy, List<CompiledRule> rules) {
        this.policy = policy;
        this.rules = rules;
        this.windows = rules.stream().map(r -> resolve(r.rule().window(), policy.window()))
                .toArray(Policy.RequestWindow[]::new);
        this.allUsePolicyWindow = rules.stream().allMatch(r -> r.rule().window() instanceof Policy.RuleWindow.PolicyWide);
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

    private static Policy.RequestWindow resolve(Policy.RuleWindow window, Policy.RequestWindow policyWindow) {
        if (window instanceof Policy.RuleWindow.Own own) {
            return own.window();
        }
        return window instanceof Policy.RuleWindow.NoWindow ? null : policyWindow;
    }

    public Policy policy() {
        return policy;
    }

    /** The usage aggregates and catalog prices the rules read, which the facts must carry. */
    public PolicyNeeds needs() {
        return needs;
    }

    /**
     * Tries the rules in order; the first that matches decides. A rule matches when its condition
     * holds and the request is within its window: a rule without {@code window:} answers to the
     * policy's, which is looked at first (outside it, the rule is not tried); a rule's own window
     * only once its condition holds. When no rule matches and one was skipped because the policy's
     * window had closed, the request is refused citing that window's clause; when every rule
     * answers to that window, none is tried.
     */
    public Decision evaluate(Facts facts) {
        Policy.RequestWindow policyWindow = policy.window();
        boolean policyOpen = policyWindow == null || facts.withinWindow(policyWindow);
        if (!policyOpen && allUsePolicyWindow) {
            return windowClosed(policyWindow, facts,
                    List.of(new Decision.Step(WINDOW_RULE, policyWindow.cite(), true, true)));
        }
        List<Decision.Step> trace = new ArrayList<>(rules.size() + 1);
        if (policyWindow != null) {
            trace.add(new Decision.Step(WINDOW_RULE, policyWindow.cite(), false, !policyOpen));
        }
        boolean skippedByPolicyWindow = false;
        for (int i = 0; i < rules.size(); i++) {
            CompiledRule compiled = rules.get(i);
            Policy.Rule rule = compiled.rule();
            Policy.RequestWindow window = windows[i];
            boolean policyWide = window != null && window == policyWindow;
            if (policyWide && !policyOpen) {
                trace.add(new Decision.Step(rule.id(), window.cite(), false, true));
                skippedByPolicyWindow = true;
                continue;
            }
            boolean matched = Boolean.TRUE.equals(compiled.condition().evaluate(facts));
            // a rule's own window is looked at only when its condition holds (it may need a calendar)
            if (matched && window != null && !policyWide && !facts.withinWindow(window)) {
                trace.add(new Decision.Step(rule.id(), window.cite(), false, true));
                continue;
            }
            trace.add(new Decision.Step(rule.id(), rule.cite(), matched));
            if (matched) {
                return decide(compiled, facts, trace);
            }
        }
        if (skippedByPolicyWindow) {
            trace.set(0, new Decision.Step(WINDOW_RULE, policyWindow.cite(), true, true));
            return windowClosed(policyWindow, facts, trace);
        }
        // Unreachable for a policy whose last rule is "true", which lint recommends.
        return new Decision(policy.id(), policy.version(), Outcome.NEEDS_REVIEW, null, 0, List.of(), List.of(), List.of(), false,
                null, null, "No rule matched.", List.copyOf(trace));
    }

    /** The policy's refusal of a request outside its window, with why it is outside. */
    private Decision windowClosed(Policy.RequestWindow window, Facts facts, List<Decision.Step> trace) {
        Instant from = facts.anchor(window.from()).orElse(null);
        String note;
        if (from == null) {
            note = "The window counts from the " + window.from().wireName().replace('_', ' ') + ", and there was none.";
        } else if (facts.requestedAt().isBefore(from)) {
            note = "The request is dated before the " + window.from().wireName().replace('_', ' ')
                    + " the window counts from.";
        } else {
            note = "The request came after the window closed.";
        }
        return new Decision(policy.id(), policy.version(), Outcome.NO_REFUND, null, 0, List.of(), List.of(), List.of(),
                true, WINDOW_RULE, window.cite(), note, List.copyOf(trace));
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
        String note = rule.note();
        // A refund of nothing (an order already refunded, or all of it non-refundable) takes no credits back.
        if (rule.outcome().refunds() && amount.signum() == 0 && credits > 0) {
            credits = 0;
            note = (note == null ? "" : note + " ") + NOTHING_TO_REFUND;
        }
        return new Decision(policy.id(), policy.version(), rule.outcome(), amount, credits, rule.remedies(), rule.options(),
                rule.missing(), rule.automatic(), rule.id(), rule.cite(), note, List.copyOf(trace),
                rule.remedyOptions(), rule.choose());
    }
}
