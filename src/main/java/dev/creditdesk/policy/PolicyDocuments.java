package dev.creditdesk.policy;

import dev.creditdesk.policy.internal.CompiledPolicy;
import dev.creditdesk.policy.internal.ExpressionEngine;
import dev.creditdesk.policy.internal.FactsReader;
import dev.creditdesk.policy.internal.FactsWriter;
import dev.creditdesk.policy.internal.PolicyCases;
import dev.creditdesk.policy.internal.PolicyLoader;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Policy documents without a server: load (lint), evaluate facts (explain), run a cases file
 * (test). The CLI, the build's cases tests and the server all go through here.
 */
public final class PolicyDocuments {

    private final PolicyLoader loader;

    PolicyDocuments(ExpressionEngine engine) {
        this.loader = new PolicyLoader(engine);
    }

    /** Documents evaluated with CEL, rounding as each policy says. */
    public static PolicyDocuments standard() {
        return new PolicyDocuments(dev.creditdesk.policy.internal.CelExpressions.create());
    }

    /** Loads and checks a policy; throws {@link PolicyException} listing every problem. */
    public Loaded load(String file, String yaml) {
        return new Loaded(loader.load(file, yaml));
    }

    /** Reads facts written by hand (a facts file or a case); IllegalArgumentException names what is wrong. */
    public static Facts facts(Map<String, Object> raw, String defaultTimezone) {
        return FactsReader.read(raw, defaultTimezone);
    }

    /** As {@link #facts(Map, String)}, counting business days with {@code businessDays} unless the facts list holidays. */
    public static Facts facts(Map<String, Object> raw, String defaultTimezone, BusinessDays businessDays) {
        return FactsReader.read(raw, defaultTimezone, businessDays);
    }

    /**
     * The facts as a facts file writes them (a JSON object): what an evaluation read, kept with its
     * decision, and read back by {@link #facts} (or {@code policy explain}) into the same facts.
     */
    public static Map<String, Object> snapshot(Facts facts) {
        return FactsWriter.write(facts);
    }

    /** A policy ready to evaluate. */
    public static final class Loaded {
        private final CompiledPolicy compiled;

        Loaded(CompiledPolicy compiled) {
            this.compiled = compiled;
        }

        /** The document's text is not kept here; see {@link PublishedPolicy}. */
        public Policy policy() {
            return compiled.policy();
        }

        /** The usage aggregates and catalog prices its rules read, which the facts must carry. */
        public PolicyNeeds needs() {
            return compiled.needs();
        }

        public Decision evaluate(Facts facts) {
            return compiled.evaluate(facts);
        }

        /** Runs a cases file; IllegalArgumentException when the file itself is wrong. */
        public List<CaseResult> test(String casesFile, String yaml) {
            return test(casesFile, yaml, null);
        }

        /** Runs a cases file whose times, when it names no {@code timezone}, are in {@code defaultTimezone}. */
        public List<CaseResult> test(String casesFile, String yaml, String defaultTimezone) {
            return test(casesFile, yaml, defaultTimezone, null);
        }

        /** As {@link #test(String, String, String)}; cases without {@code holidays} count business days with {@code businessDays}. */
        public List<CaseResult> test(String casesFile, String yaml, String defaultTimezone, BusinessDays businessDays) {
            return PolicyCases.run(compiled, casesFile, yaml, defaultTimezone, businessDays).stream()
                    .map(r -> new CaseResult(r.name(), r.passed(), r.failures(), r.ruleId())).toList();
        }

        /** The rules, in order, that decided none of {@code results}: no case reaches them. */
        public List<String> unreached(List<CaseResult> results) {
            Set<String> decided = results.stream().map(CaseResult::ruleId).filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            return policy().rules().stream().map(Policy.Rule::id).filter(id -> !decided.contains(id)).toList();
        }
    }

    /** One case of a cases file: whether it passed, and the rule that decided it (null when none did). */
    public record CaseResult(String name, boolean passed, List<String> failures, String ruleId) {
    }
}
