package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.BusinessDays;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Runs a cases file against a policy: each case gives facts (over {@code defaults}) and the
 * decision it expects. The build runs the shipped cases through this same code, as the CLI does.
 */
public final class PolicyCases {

    private static final Set<String> FILE_KEYS = Set.of("policy", "timezone", "defaults", "cases");
    private static final Set<String> EXPECT_KEYS = Set.of("outcome", "rule", "amount", "credits_removed", "automatic",
            "missing", "remedies", "note", "options", "option_details", "choose");

    /** One case: whether it passed, and the rule that decided it (null when evaluation failed or no rule matched). */
    public record Result(String name, boolean passed, List<String> failures, String ruleId) {
    }

    private PolicyCases() {
    }

    /** Throws IllegalArgumentException when the cases file itself is wrong. */
    @SuppressWarnings("unchecked")
    public static List<Result> run(CompiledPolicy policy, String casesFile, String yaml) {
        return run(policy, casesFile, yaml, null);
    }

    /** As {@link #run(CompiledPolicy, String, String)}; a file without {@code timezone} uses {@code defaultTimezone}. */
    public static List<Result> run(CompiledPolicy policy, String casesFile, String yaml, String defaultTimezone) {
        return run(policy, casesFile, yaml, defaultTimezone, null);
    }

    /**
     * As {@link #run(CompiledPolicy, String, String, String)}; cases without {@code holidays} count
     * business days with {@code businessDays} (null: none known).
     */
    @SuppressWarnings("unchecked")
    public static List<Result> run(CompiledPolicy policy, String casesFile, String yaml, String defaultTimezone,
            BusinessDays businessDays) {
        Object loaded;
        try {
            loaded = new Yaml(new LoaderOptions()).load(yaml);
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(casesFile + ": line " + (e.getProblemMark().getLine() + 1)
                    + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(casesFile + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(loaded instanceof Map<?, ?> file)) {
            throw new IllegalArgumentException(casesFile + ": a cases file is a mapping with cases: [...]");
        }
        for (Object key : file.keySet()) {
            if (!FILE_KEYS.contains(key.toString())) {
                throw new IllegalArgumentException(casesFile + ": unknown key '" + key + "'");
            }
        }
        String timezone = Objects.toString(file.get("timezone"), defaultTimezone);
        if (file.get("defaults") != null && !(file.get("defaults") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(casesFile + ": defaults must be a mapping of facts");
        }
        Map<String, Object> defaults = file.get("defaults") == null ? Map.of() : (Map<String, Object>) file.get("defaults");
        if (!(file.get("cases") instanceof List<?> cases) || cases.isEmpty()) {
            throw new IllegalArgumentException(casesFile + ": cases must list at least one case");
        }
        List<Integer> lines = caseLines(yaml);
        List<Result> results = new ArrayList<>();
        int index = 0;
        for (Object item : cases) {
            String at = casesFile + (index < lines.size() ? ": line " + lines.get(index) : "");
            index++;
            if (!(item instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(at + ": case " + index
                        + " must be a mapping with name, facts and expect: {...}");
            }
            Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) item);
            String name = Objects.toString(c.remove("name"), "case " + index);
            String where = at + ": case '" + name + "'";
            Object expect = c.remove("expect");
            if (!(expect instanceof Map<?, ?> expected)) {
                throw new IllegalArgumentException(where + " has no expect: {...}");
            }
            for (Object key : expected.keySet()) {
                if (!EXPECT_KEYS.contains(key.toString())) {
                    throw new IllegalArgumentException(where + ": unknown expectation '" + key
                            + "'; known: " + EXPECT_KEYS.stream().sorted().toList());
                }
            }
            try {
                results.add(check(policy, name, merge(defaults, c), (Map<String, Object>) expected, timezone,
                        businessDays));
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return results;
    }

    /** The line each case starts at, for messages; empty when the file's shape is not the usual one. */
    private static List<Integer> caseLines(String yaml) {
        if (!(new Yaml(new LoaderOptions()).compose(new StringReader(yaml)) instanceof MappingNode root)) {
            return List.of();
        }
        for (NodeTuple tuple : root.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && "cases".equals(key.getValue())
                    && tuple.getValueNode() instanceof SequenceNode cases) {
                return cases.getValue().stream().map(n -> n.getStartMark().getLine() + 1).toList();
            }
        }
        return List.of();
    }

    private static Result check(CompiledPolicy policy, String name, Map<String, Object> raw,
            Map<String, Object> expected, String timezone, BusinessDays businessDays) {
        Facts facts = FactsReader.read(raw, timezone, businessDays);
        Decision decision;
        try {
            decision = policy.evaluate(facts);
        } catch (RuntimeException e) {
            return new Result(name, false, List.of("evaluation failed: " + e.getMessage()), null);
        }
        List<String> failures = new ArrayList<>();
        compare(failures, "outcome", expected.get("outcome"), decision.outcome().wireName());
        compare(failures, "rule", expected.get("rule"), decision.ruleId());
        if (expected.containsKey("amount")) {
            Object want = expected.get("amount");
            BigDecimal got = decision.amount();
            boolean same = want == null ? got == null : got != null && new BigDecimal(want.toString()).compareTo(got) == 0;
            if (!same) {
                failures.add("amount: expected " + want + ", got " + (got == null ? null : got.toPlainString()));
            }
        }
        if (expected.containsKey("credits_removed")) {
            compare(failures, "credits_removed", Long.valueOf(expected.get("credits_removed").toString()),
                    decision.creditsToRemove());
        }
        compare(failures, "automatic", expected.get("automatic"), decision.automatic());
        compare(failures, "missing", expected.get("missing"), decision.missing());
        compare(failures, "remedies", expected.get("remedies"), decision.remedies());
        compare(failures, "note", expected.get("note"), decision.note());
        compare(failures, "options", expected.get("options"), decision.options());
        compare(failures, "choose", expected.get("choose"), decision.choose().wireName());
        if (expected.containsKey("option_details")) {
            compare(failures, "option_details", texts(expected.get("option_details")), texts(decision.toJson()
                    .get("option_details")));
        }
        return new Result(name, failures.isEmpty(), failures, decision.ruleId());
    }

    private static void compare(List<String> failures, String what, Object expected, Object actual) {
        if (expected != null && !expected.equals(actual)) {
            failures.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** Options with parameters, every value as text: a cases file writes 100 where a decision has 100L. */
    private static Object texts(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(PolicyCases::texts).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> texts = new LinkedHashMap<>();
            map.forEach((k, v) -> texts.put(String.valueOf(k), texts(v)));
            return texts;
        }
        return String.valueOf(value);
    }

    /** The case over the defaults; structs are merged field by field. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> defaults, Map<String, Object> c) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        c.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> base) {
                Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) base);
                fields.putAll((Map<String, Object>) map);
                merged.put(key, fields);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
