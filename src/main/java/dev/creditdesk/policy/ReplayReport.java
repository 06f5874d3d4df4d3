package dev.creditdesk.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a replay found: how many cases it replayed, how many the candidate decides otherwise and
 * how (from → to, by outcome and rule), the money refunded before and after by currency (exact
 * sums), the credits removed, the cases a person reviews, each rule's count for both versions, and
 * the cases it could not replay with why. "Before" is what the cases got; "after" what the
 * candidate decides on the same facts. Cases it could not replay count in neither.
 */
public record ReplayReport(String policyId, String version, long replayed, long changed, long unreplayable,
        List<Transition> transitions, List<MoneyTotal> money, Totals credits, Totals review, List<RuleCount> rules,
        List<OutcomeCount> outcomes, List<Reason> unreplayableReasons) {

    /** How many distinct reasons a report keeps for cases it could not replay; the rest count as one. */
    static final int MAX_REASONS = 20;
    static final String OTHER_REASONS = "other reasons";
    /** Distinct reasons a tally keeps while counting, before the report keeps {@link #MAX_REASONS}. */
    static final int MAX_KEPT_REASONS = 1_000;

    public ReplayReport {
        transitions = List.copyOf(transitions);
        money = List.copyOf(money);
        rules = List.copyOf(rules);
        outcomes = List.copyOf(outcomes);
        unreplayableReasons = List.copyOf(unreplayableReasons);
    }

    /** Cases decided one way before and another after, by outcome and rule. */
    public record Transition(Outcome fromOutcome, @Nullable String fromRule, Outcome toOutcome, @Nullable String toRule,
            long count) {
    }

    /** The money refund outcomes propose in one currency, before and after. */
    public record MoneyTotal(String currency, BigDecimal before, BigDecimal after) {
        public BigDecimal difference() {
            return after.subtract(before);
        }
    }

    /** A count before and after. */
    public record Totals(long before, long after) {
        public long difference() {
            return after - before;
        }
    }

    /** How many cases a rule decided, before and after (a rule of only one version counts 0 in the other). */
    public record RuleCount(String rule, long before, long after) {
    }

    public record OutcomeCount(Outcome outcome, long before, long after) {
    }

    public record Reason(String reason, long count) {
    }

    /**
     * The time people would spend on the difference in reviewed cases, at {@code perCase} each
     * (negative: time saved).
     */
    public Duration agentTime(Duration perCase) {
        return perCase.multipliedBy(review.difference());
    }

    /**
     * The report as the API and the CLI write it: wire names, amounts as strings, the agent time
     * at {@code handlingTime} per reviewed case (and where that figure came from).
     */
    public Map<String, Object> toJson(Duration handlingTime, String handlingTimeSource) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "policy_replay_report");
        json.put("policy_id", policyId);
        json.put("version", version);
        json.put("replayed", replayed);
        json.put("changed", changed);
        json.put("unchanged", replayed - changed);
        json.put("unreplayable", unreplayable);
        json.put("transitions", transitions.stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from_outcome", t.fromOutcome().wireName());
            m.put("from_rule", t.fromRule());
            m.put("to_outcome", t.toOutcome().wireName());
            m.put("to_rule", t.toRule());
            m.put("count", t.count());
            return m;
        }).toList());
        json.put("money", money.stream().map(m -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("currency", m.currency());
            out.put("before", m.before().toPlainString());
            out.put("after", m.after().toPlainString());
            out.put("difference", m.difference().toPlainString());
            return out;
        }).toList());
        json.put("credits_removed", totals(credits));
        Map<String, Object> reviewed = totals(review);
        reviewed.put("handling_minutes", minutes(handlingTime));
        reviewed.put("handling_time_source", handlingTimeSource);
        reviewed.put("agent_minutes_difference", minutes(agentTime(handlingTime)));
        json.put("review", reviewed);
        json.put("rules", rules.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", r.rule());
            m.put("before", r.before());
            m.put("after", r.after());
            return m;
        }).toList());
        json.put("outcomes", outcomes.stream().map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("outcome", o.outcome().wireName());
            m.put("before", o.before());
            m.put("after", o.after());
            return m;
        }).toList());
        json.put("unreplayable_reasons", unreplayableReasons.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", r.reason());
            m.put("count", r.count());
            return m;
        }).toList());
        return json;
    }

    private static Map<String, Object> totals(Totals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("before", t.before());
        m.put("after", t.after());
        m.put("difference", t.difference());
        return m;
    }

    /** Minutes with one decimal, as a string. */
    static String minutes(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).divide(BigDecimal.valueOf(60_000), 1, RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** One worker's counts, added together at the end; not thread-safe, each worker has its own. */
    static final class Tally {
        private long replayed;
        private long changed;
        private long unreplayable;
        private final Map<TransitionKey, Long> transitions = new HashMap<>();
        private final Map<String, BigDecimal[]> money = new TreeMap<>();
        private long creditsBefore;
        private long creditsAfter;
        private long reviewBefore;
        private long reviewAfter;
        private final Map<String, long[]> rules = new HashMap<>();
        private final Map<Outcome, long[]> outcomes = new HashMap<>();
        private final Map<String, Long> reasons = new HashMap<>();

        private record TransitionKey(Outcome fromOutcome, @Nullable String fromRule, Outcome toOutcome,
                @Nullable String toRule) {
        }

        void replayed(String currency, PolicyReplay.Verdict before, PolicyReplay.Verdict after) {
            replayed++;
            BigDecimal[] sums = money.computeIfAbsent(currency, c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(before.refunded());
            sums[1] = sums[1].add(after.refunded());
            creditsBefore += before.creditsRemoved();
            creditsAfter += after.creditsRemoved();
            reviewBefore += before.review() ? 1 : 0;
            reviewAfter += after.review() ? 1 : 0;
            rules.computeIfAbsent(ruleName(before), r -> new long[2])[0]++;
            rules.computeIfAbsent(ruleName(after), r -> new long[2])[1]++;
            outcomes.computeIfAbsent(before.outcome(), o -> new long[2])[0]++;
            outcomes.computeIfAbsent(after.outcome(), o -> new long[2])[1]++;
        }

        void changed(PolicyReplay.Change change) {
            changed++;
            transitions.merge(new TransitionKey(change.before().outcome(), change.before().ruleId(),
                    change.after().outcome(), change.after().ruleId()), 1L, Long::sum);
        }

        void unreplayable(String reason) {
            unreplayable++;
            reason(reason, 1L);
        }

        /** Distinct reasons are kept up to a bound, so a million different messages take no memory. */
        private void reason(String reason, long count) {
            String kept = reasons.containsKey(reason) || reasons.size() < MAX_KEPT_REASONS ? reason : OTHER_REASONS;
            reasons.merge(kept, count, Long::sum);
        }

        void add(Tally other) {
            replayed += other.replayed;
            changed += other.changed;
            unreplayable += other.unreplayable;
            other.transitions.forEach((k, v) -> transitions.merge(k, v, Long::sum));
            other.money.forEach((currency, sums) -> money.merge(currency, sums,
                    (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])}));
            creditsBefore += other.creditsBefore;
            creditsAfter += other.creditsAfter;
            reviewBefore += other.reviewBefore;
            reviewAfter += other.reviewAfter;
            other.rules.forEach((k, v) -> rules.merge(k, v, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
            other.outcomes.forEach((k, v) -> outcomes.merge(k, v, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
            other.reasons.forEach(this::reason);
        }

        ReplayReport report(Policy candidate) {
            List<Transition> byCount = transitions.entrySet().stream()
                    .map(e -> new Transition(e.getKey().fromOutcome(), e.getKey().fromRule(), e.getKey().toOutcome(),
                            e.getKey().toRule(), e.getValue()))
                    .sorted(Comparator.comparingLong(Transition::count).reversed()
                            .thenComparing(t -> t.fromOutcome().wireName() + "/" + t.fromRule() + "/"
                                    + t.toOutcome().wireName() + "/" + t.toRule()))
                    .toList();
            List<MoneyTotal> totals = money.entrySet().stream()
                    .map(e -> new MoneyTotal(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
            List<RuleCount> ruleCounts = new ArrayList<>();
            // the candidate's rules in its order, then rules only the past decisions name, by name
            List<String> order = new ArrayList<>(candidate.rules().stream().map(Policy.Rule::id).toList());
            new TreeSet<>(rules.keySet()).stream().filter(r -> !order.contains(r)).forEach(order::add);
            for (String rule : order) {
                long[] counts = rules.getOrDefault(rule, new long[2]);
                ruleCounts.add(new RuleCount(rule, counts[0], counts[1]));
            }
            List<OutcomeCount> outcomeCounts = new ArrayList<>();
            for (Outcome outcome : Outcome.values()) {
                long[] counts = outcomes.getOrDefault(outcome, new long[2]);
                outcomeCounts.add(new OutcomeCount(outcome, counts[0], counts[1]));
            }
            return new ReplayReport(candidate.id(), candidate.version(), replayed, changed, unreplayable, byCount,
                    totals, new Totals(creditsBefore, creditsAfter), new Totals(reviewBefore, reviewAfter), ruleCounts,
                    outcomeCounts, reasons(reasons));
        }

        private static List<Reason> reasons(Map<String, Long> reasons) {
            List<Reason> sorted = reasons.entrySet().stream().map(e -> new Reason(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingLong(Reason::count).reversed().thenComparing(Reason::reason)).toList();
            if (sorted.size() <= MAX_REASONS) {
                return sorted;
            }
            List<Reason> kept = new ArrayList<>(sorted.subList(0, MAX_REASONS - 1));
            kept.add(new Reason(OTHER_REASONS, sorted.subList(MAX_REASONS - 1, sorted.size()).stream()
                    .mapToLong(Reason::count).sum()));
            return kept;
        }

        private static String ruleName(PolicyReplay.Verdict verdict) {
            return Objects.requireNonNullElse(verdict.ruleId(), "(no rule)");
        }
    }
}
