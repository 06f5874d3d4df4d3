package dev.creditdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreditdeskCliTest {

    record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = CreditdeskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void lintAcceptsTheShippedPolicies() {
        Run run = run("policy", "lint", "policies/tiered-usage.yaml", "policies/exceptions-only.yaml",
                "policies/case-review.yaml");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("tiered-usage.yaml: ok");
    }

    @Test
    void lintRefusesABrokenPolicyWithStatus2(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, """
                id: broken
                version: "1"
                effective_from: 2026-01-01T00:00:00Z
                review_sla_business_days: 2
                rules:
                  - id: uncited
                    when: order.net > decimal("1")
                    outcome: no_refund
                """);
        Run run = run("policy", "lint", broken.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("rule 'uncited'").contains("cite");
    }

    @Test
    void testPrintsFailingCasesAndASummary(@TempDir Path dir) throws IOException {
        Run passing = run("policy", "test", "policies/tiered-usage.yaml", "--cases", "policies/tiered-usage.cases.yaml");
        assertThat(passing.status()).as(passing.out() + passing.err()).isZero();
        assertThat(passing.out().strip()).matches("\\d+ passed, 0 failed");

        Path cases = dir.resolve("wrong.cases.yaml");
        Files.writeString(cases, """
                timezone: America/Los_Angeles
                defaults:
                  purchased_at: 2026-03-02T10:00:00-08:00
                  requested_at: 2026-03-05T10:00:00-08:00
                  order: {net: "29.90", total: "29.90", credits: 400, used: 100, delivered: true}
                cases:
                  - name: right
                    expect: {outcome: partial_refund, amount: "22.43"}
                  - name: wrong on purpose
                    expect: {outcome: partial_refund, amount: "22.42"}
                """);
        Run failing = run("policy", "test", "policies/tiered-usage.yaml", "--cases", cases.toString());
        assertThat(failing.status()).isEqualTo(1);
        assertThat(failing.out()).contains("FAIL wrong on purpose: amount: expected 22.42, got 22.43");
        assertThat(failing.out().strip()).endsWith("1 passed, 1 failed");
    }

    @Test
    void explainPrintsTheDecisionWithItsTrace(@TempDir Path dir) throws IOException {
        Path facts = dir.resolve("facts.json");
        Files.writeString(facts, """
                {"timezone": "America/Los_Angeles",
                 "purchased_at": "2026-03-02T10:00:00-08:00", "requested_at": "2026-03-05T10:00:00-08:00",
                 "order": {"net": "29.90", "total": "29.90", "credits": 400, "used": 100, "delivered": true}}
                """);
        Run run = run("policy", "explain", "policies/tiered-usage.yaml", "--facts", facts.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"outcome\" : \"partial_refund\"").contains("\"amount\" : \"22.43\"")
                .contains("\"rule\" : \"proportional-refund\"").contains("\"trace\"")
                .contains("2. Proportional Refund");
    }

    @Test
    void explainWithFactsMissingAFieldIsStatus2(@TempDir Path dir) throws IOException {
        Path facts = dir.resolve("facts.json");
        Files.writeString(facts, """
                {"timezone": "America/Los_Angeles",
                 "purchased_at": "2026-03-02T10:00:00-08:00", "requested_at": "2026-03-05T10:00:00-08:00",
                 "order": {"net": "29.90", "total": "29.90", "credits": 400, "used": 100}}
                """);
        Run run = run("policy", "explain", "policies/tiered-usage.yaml", "--facts", facts.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("delivered");
    }
}
