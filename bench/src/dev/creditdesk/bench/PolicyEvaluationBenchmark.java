package dev.creditdesk.bench;

import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.internal.PolicyCases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Evaluations per second of the shipped refund policies (policies/*.yaml), through the public API
 * ({@code PolicyDocuments.standard().load(...)} then {@code Loaded.evaluate(Facts)}). Not a test;
 * run it with bench/policy-evaluation.sh and see docs/benchmarks.md.
 *
 * <p>The facts are real cases from each policy's cases file (the case over the file's
 * {@code defaults}), read once in {@code @Setup}: what is measured is the evaluation, not building
 * the facts, except in {@link #tieredProportionalFromRawMap}, which also reads the facts from a raw
 * map each time. Setup checks that each case decides by the rule it is meant to reach, so a policy
 * change that moves a case to another rule fails the run instead of silently measuring something
 * else. Every benchmark returns its {@link Decision}, which JMH consumes (a Blackhole).
 *
 * <p>Relative paths are resolved against the working directory (the repository root, as the script
 * runs it); {@code -Dcreditdesk.policies=DIR} points elsewhere.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyEvaluationBenchmark {

    /** Policy → {rule matched by the "first" case, rule matched by the "last" case}. */
    private static final Map<String, List<String>> CASES = Map.of(
            // 6 rules: duplicate-charge is rule 1; change of mind falls through to non-refundable, rule 6.
            "exceptions-only", List.of("duplicate-charge", "non-refundable"),
            // 4 rules: not-delivered is rule 1; every credit used reaches all-credits-used, rule 4.
            "tiered-usage", List.of("not-delivered", "all-credits-used"),
            // 8 rules: duplicate-billing is rule 1; category "other" reaches anything-else, rule 8.
            "case-review", List.of("duplicate-billing", "anything-else"));

    /** One shipped policy and one of its cases, matching its first rule or its last. */
    @State(Scope.Benchmark)
    public static class ShippedCase {
        @Param({"exceptions-only", "tiered-usage", "case-review"})
        public String policy;

        @Param({"first", "last"})
        public String rule;

        PolicyDocuments.Loaded loaded;
        Facts facts;

        @Setup
        public void setUp() {
            String expectedRule = CASES.get(policy).get(rule.equals("first") ? 0 : 1);
            loaded = load(policy);
            CaseFacts c = caseFacts(policy, expectedRule);
            facts = PolicyDocuments.facts(c.raw(), c.timezone());
            check(loaded.evaluate(facts), expectedRule);
        }
    }

    /**
     * tiered-usage with the seed's example (100 of 400 credits used on day 3): proportional-refund,
     * rule 3 of 4, the only rule with an amount expression ({@code prorate(...)}). Kept both as
     * built facts and as the raw map a facts file or a JSON body gives (times and money as strings).
     */
    @State(Scope.Benchmark)
    public static class TieredProportional {
        PolicyDocuments.Loaded loaded;
        Facts facts;
        Map<String, Object> raw;
        String timezone;

        @Setup
        public void setUp() {
            loaded = load("tiered-usage");
            CaseFacts c = caseFacts("tiered-usage", "proportional-refund");
            raw = c.raw();
            timezone = c.timezone();
            facts = PolicyDocuments.facts(raw, timezone);
            check(loaded.evaluate(facts), "proportional-refund");
            check(loaded.evaluate(PolicyDocuments.facts(raw, timezone)), "proportional-refund");
        }
    }

    /**
     * bench/policies/usage-limits.yaml, a policy that reads usage aggregates
     * ({@code usage.count("download", "renewal")}, {@code usage.quantity("audio_minutes", "lifetime")},
     * {@code usage.count("video", "purchase")}) and {@code order.channel}: its case "videos made, 100
     * of 400 used" reaches unused-credits, rule 5 of 6, with a {@code prorate(...)} amount. The facts
     * are built Facts carrying the usage totals, as the server gathers them.
     */
    @State(Scope.Benchmark)
    public static class UsageReading {
        PolicyDocuments.Loaded loaded;
        Facts facts;

        @Setup
        public void setUp() {
            Path dir = Path.of(System.getProperty("creditdesk.bench-policies", "bench/policies"));
            loaded = PolicyDocuments.standard().load("usage-limits.yaml", read(dir.resolve("usage-limits.yaml")));
            CaseFacts c = caseFacts(dir, "usage-limits", "unused-credits");
            facts = PolicyDocuments.facts(c.raw(), c.timezone());
            if (facts.usage().size() != 3) {
                throw new IllegalStateException("expected three usage totals in the facts, got " + facts.usage());
            }
            check(loaded.evaluate(facts), "unused-credits");
        }
    }

    /** evaluate(facts) for one shipped policy and case; the facts were built in setup. */
    @Benchmark
    public Decision evaluate(ShippedCase c) {
        return c.loaded.evaluate(c.facts);
    }

    /** evaluate(facts) for tiered-usage's proportional refund; the facts were built in setup. */
    @Benchmark
    public Decision tieredProportional(TieredProportional s) {
        return s.loaded.evaluate(s.facts);
    }

    /** evaluate(facts) for the usage-reading policy; the facts (with their usage totals) were built in setup. */
    @Benchmark
    public Decision usageReading(UsageReading s) {
        return s.loaded.evaluate(s.facts);
    }

    /** The full path: read the facts from a raw map (PolicyDocuments.facts), then evaluate them. */
    @Benchmark
    public Decision tieredProportionalFromRawMap(TieredProportional s) {
        return s.loaded.evaluate(PolicyDocuments.facts(s.raw, s.timezone));
    }

    // --- setup helpers ----------------------------------------------------------------------

    record CaseFacts(Map<String, Object> raw, String timezone) {
    }

    static Path policies() {
        return Path.of(System.getProperty("creditdesk.policies", "policies"));
    }

    static PolicyDocuments.Loaded load(String policy) {
        String file = policy + ".yaml";
        return PolicyDocuments.standard().load(file, read(policies().resolve(file)));
    }

    /** The first case of policy's cases file that expects {@code rule}, over the file's defaults. */
    static CaseFacts caseFacts(String policy, String rule) {
        return caseFacts(policies(), policy, rule);
    }

    /** The same, for a policy in {@code dir}. */
    @SuppressWarnings("unchecked")
    static CaseFacts caseFacts(Path dir, String policy, String rule) {
        Map<String, Object> file = new Yaml(new LoaderOptions()).load(read(dir.resolve(policy + ".cases.yaml")));
        Map<String, Object> defaults = (Map<String, Object>) file.getOrDefault("defaults", Map.of());
        for (Object item : (List<Object>) file.get("cases")) {
            Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) item);
            c.remove("name");
            Map<String, Object> expect = (Map<String, Object>) c.remove("expect");
            if (rule.equals(expect.get("rule"))) {
                return new CaseFacts(asRequestBody(PolicyCases.merge(defaults, c)), Objects.toString(file.get("timezone"), null));
            }
        }
        throw new IllegalStateException(policy + ".cases.yaml has no case expecting rule " + rule);
    }

    /** YAML reads unquoted times as Dates; a JSON body has strings, so the raw path parses them. */
    static Map<String, Object> asRequestBody(Map<String, Object> raw) {
        Map<String, Object> body = new LinkedHashMap<>();
        raw.forEach((key, value) -> body.put(key, value instanceof Date date ? date.toInstant().toString() : value));
        return body;
    }

    static void check(Decision decision, String expectedRule) {
        if (!expectedRule.equals(decision.ruleId())) {
            throw new IllegalStateException("expected rule " + expectedRule + ", got " + decision.ruleId()
                    + " (" + decision.outcome() + ")");
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
