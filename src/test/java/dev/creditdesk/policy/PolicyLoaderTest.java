package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Every way a policy document can be wrong is caught when it loads, naming the file, rule and line. */
class PolicyLoaderTest {

    private final PolicyDocuments documents = PolicyDocuments.standard();

    private static final String HEAD = """
            id: test
            version: "1"
            effective_from: 2026-01-01T00:00:00Z
            review_sla_business_days: 2
            """;

    private PolicyException problem(String yaml) {
        return (PolicyException) org.assertj.core.api.Assertions.catchThrowable(() -> documents.load("p.yaml", yaml));
    }

    @Test
    void aValidPolicyLoads() {
        var loaded = documents.load("p.yaml", HEAD + """
                rules:
                  - id: all
                    cite: "1. Everything"
                    when: "true"
                    outcome: no_refund
                """);
        assertThat(loaded.policy().rules()).hasSize(1);
        assertThat(loaded.policy().effectiveFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void chargebacksSayWhatIsSuspendedAndCiteTheClause() {
        String rules = """
                rules:
                  - id: all
                    cite: "1. Everything"
                    when: "true"
                    outcome: no_refund
                """;
        var loaded = documents.load("p.yaml", HEAD + """
                chargebacks:
                  cite: "9. Chargebacks"
                  suspend: [credits, access]
                """ + rules);
        assertThat(loaded.policy().chargebacks().suspend()).containsExactlyInAnyOrder("credits", "access");
        assertThat(documents.load("p.yaml", HEAD + rules).policy().chargebacks().suspend()).isEmpty();
        PolicyException e = problem(HEAD + """
                chargebacks:
                  suspend: [credits, the_car]
                """ + rules);
        assertThat(e.problems()).anyMatch(p -> p.contains("chargebacks.suspend may list") && p.contains("the_car"));
        assertThat(e.problems()).anyMatch(p -> p.contains("chargebacks must cite"));
    }

    @Test
    void yamlThatDoesNotParseNamesTheLine() {
        assertThat(problem("id: x\nrules: [\n  - oops").getMessage()).startsWith("p.yaml: line");
    }

    @Test
    void unknownKeysAreNamed() {
        PolicyException e = problem(HEAD + """
                colour: blue
                rules:
                  - id: all
                    cite: "x"
                    when: "true"
                    outcome: no_refund
                    decidee: automatic
                """);
        assertThat(e.problems()).anyMatch(p -> p.contains("unknown key 'colour'") && p.contains("line 5"));
        assertThat(e.problems()).anyMatch(p -> p.contains("rule 'all'") && p.contains("unknown key 'decidee'")
                && p.contains("line 11"));
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThat(problem(HEAD + """
                rules:
                  - id: twice
                    cite: "x"
                    when: "true"
                    when: "false"
                    outcome: no_refund
                """).problems()).anyMatch(p -> p.contains("rule 'twice'") && p.contains("'when' is given twice"));
    }

    @Test
    void aRuleWithoutACitationIsRefused() {
        assertThat(problem(HEAD + """
                rules:
                  - id: uncited
                    when: "true"
                    outcome: no_refund
                """).problems()).anyMatch(p -> p.contains("rule 'uncited'") && p.contains("cite"));
    }

    @Test
    void celThatDoesNotCompileNamesRuleLineAndColumn() {
        PolicyException e = problem(HEAD + """
                rules:
                  - id: typo
                    cite: "x"
                    when: order.totl > decimal("1")
                    outcome: no_refund
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("p.yaml: rule 'typo': line 8").contains("column").contains("totl"));
    }

    @Test
    void aConditionMustBeBooleanAndAnAmountDecimal() {
        assertThat(problem(HEAD + """
                rules:
                  - id: not-bool
                    cite: "x"
                    when: order.credits
                    outcome: no_refund
                """).problems()).anyMatch(p -> p.contains("rule 'not-bool'"));
        assertThat(problem(HEAD + """
                rules:
                  - id: not-decimal
                    cite: "x"
                    when: "true"
                    outcome: partial_refund
                    amount: order.credits
                """).problems()).anyMatch(p -> p.contains("rule 'not-decimal'") && p.contains("amount"));
    }

    @Test
    void outcomesNeedWhatTheyPromise() {
        PolicyException e = problem(HEAD + """
                rules:
                  - id: partial
                    cite: "x"
                    when: "true"
                    outcome: partial_refund
                  - id: info
                    cite: "x"
                    when: "true"
                    outcome: needs_information
                  - id: weird
                    cite: "x"
                    when: "true"
                    outcome: maybe_refund
                  - id: partial
                    cite: "x"
                    when: "true"
                    outcome: no_refund
                    decide: sometimes
                """);
        assertThat(e.problems()).anyMatch(p -> p.contains("rule 'partial'") && p.contains("amount"))
                .anyMatch(p -> p.contains("rule 'info'") && p.contains("missing"))
                .anyMatch(p -> p.contains("rule 'weird'") && p.contains("outcome must be"))
                .anyMatch(p -> p.contains("used twice"))
                .anyMatch(p -> p.contains("decide must be"));
    }

    @Test
    void topLevelSettingsAreChecked() {
        PolicyException e = problem("""
                id: Bad Id
                version: "1"
                effective_from: yesterday
                review_sla_business_days: 99
                non_refundable: [vibes]
                request_window: {calendar_days: 7, hours: 3}
                terms: whenever
                rules: []
                """);
        assertThat(e.problems()).anyMatch(p -> p.contains("id must be"))
                .anyMatch(p -> p.contains("effective_from"))
                .anyMatch(p -> p.contains("review_sla_business_days must be between"))
                .anyMatch(p -> p.contains("'vibes'"))
                .anyMatch(p -> p.contains("exactly one of"))
                .anyMatch(p -> p.contains("terms must be"))
                .anyMatch(p -> p.contains("at least one rule"));
    }

    @Test
    void anAmountNeverExceedsWhatRemainsRefundable() {
        var policy = documents.load("p.yaml", HEAD + """
                rules:
                  - id: generous
                    cite: "x"
                    when: "true"
                    outcome: partial_refund
                    amount: order.total * 2
                """);
        Facts facts = Facts.builder(ZoneId.of("UTC"), Instant.parse("2026-03-03T00:00:00Z"))
                .anchor(Anchor.PURCHASE, Instant.parse("2026-03-01T00:00:00Z"))
                .put("order", "total", new java.math.BigDecimal("29.90"))
                .put("order", "refunded", new java.math.BigDecimal("5.00"))
                .put("order", "credits", 400L).put("order", "used", 0L)
                .build();
        assertThat(policy.evaluate(facts).amount()).isEqualByComparingTo("24.90");
    }

    @Test
    void aFactThePolicyReadsButTheFactsLackIsNamed() {
        var policy = documents.load("p.yaml", HEAD + """
                rules:
                  - id: reads-outage
                    cite: "x"
                    when: outage.longest_hours > 24
                    outcome: no_refund
                """);
        Facts facts = Facts.builder(ZoneId.of("UTC"), Instant.parse("2026-03-03T00:00:00Z")).build();
        assertThatThrownBy(() -> policy.evaluate(facts)).hasMessageContaining("longest_hours");
    }
}
