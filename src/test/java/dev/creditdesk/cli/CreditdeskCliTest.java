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

    @Test
    void lintWarnsOfABusinessDayWindowWithoutACalendarButPasses() {
        Run without = run("policy", "lint", "policies/examples/rule-windows.yaml");
        assertThat(without.status()).as(without.err()).isZero();
        assertThat(without.out()).contains("rule-windows.yaml: ok")
                .contains("rule-windows.yaml: warning: business-day windows");

        Run with = run("policy", "lint", "--holiday-country", "US", "policies/examples/rule-windows.yaml");
        assertThat(with.status()).as(with.err()).isZero();
        assertThat(with.out()).contains("rule-windows.yaml: ok").doesNotContain("warning");

        Run plain = run("policy", "lint", "policies/tiered-usage.yaml");
        assertThat(plain.out()).doesNotContain("warning");

        Run unknown = run("policy", "lint", "--holiday-country", "XX", "policies/tiered-usage.yaml");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("--holiday-country").contains("'XX'");
    }

    @Test
    void testReportsRulesNoCaseReaches(@TempDir Path dir) throws IOException {
        Path cases = dir.resolve("few.cases.yaml");
        Files.writeString(cases, """
                timezone: America/Los_Angeles
                defaults:
                  purchased_at: 2026-03-02T10:00:00-08:00
                  requested_at: 2026-03-05T10:00:00-08:00
                  request: {category: change_of_mind, evidence: []}
                  order: {net: "29.90", total: "29.90", credits: 400, used: 100, delivered: true, duplicate_charges: 0}
                cases:
                  - name: proportional
                    expect: {outcome: partial_refund, amount: "22.43"}
                """);
        Run run = run("policy", "test", "policies/tiered-usage.yaml", "--cases", cases.toString());
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("warning: never matched by any case: ").contains("full-refund")
                .doesNotContain("proportional-refund,").doesNotContain("case: proportional-refund");
        assertThat(run.out().strip()).endsWith("1 passed, 0 failed");

        Run strict = run("policy", "test", "policies/tiered-usage.yaml", "--cases", cases.toString(), "--strict");
        assertThat(strict.status()).isEqualTo(1);

        Run complete = run("policy", "test", "policies/tiered-usage.yaml", "--cases", "policies/tiered-usage.cases.yaml",
                "--strict");
        assertThat(complete.status()).as(complete.out()).isZero();
        assertThat(complete.out()).doesNotContain("warning");
    }

    @Test
    void aCasesFileThatIsNotValidYamlIsNamedWithTheLine(@TempDir Path dir) throws IOException {
        Path cases = dir.resolve("broken.cases.yaml");
        Files.writeString(cases, """
                timezone: America/Los_Angeles
                cases:
                  - name: fine
                    expect: {outcome: no_refund
                  - name: unclosed
                """);
        Run run = run("policy", "test", "policies/tiered-usage.yaml", "--cases", cases.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith(cases + ": line ").contains("not valid YAML");
    }

    @Test
    void aCaseOfTheWrongShapeIsNamedWithItsLine(@TempDir Path dir) throws IOException {
        Path cases = dir.resolve("shapes.cases.yaml");
        Files.writeString(cases, """
                timezone: America/Los_Angeles
                defaults:
                  purchased_at: 2026-03-02T10:00:00-08:00
                  requested_at: 2026-03-05T10:00:00-08:00
                cases:
                  - name: fine
                    order: {net: "29.90", total: "29.90", credits: 400, used: 100, delivered: true}
                    expect: {outcome: partial_refund}
                  - just a string
                """);
        Run run = run("policy", "test", "policies/tiered-usage.yaml", "--cases", cases.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith(cases + ": line 9: case 2 must be a mapping");

        Files.writeString(cases, """
                timezone: America/Los_Angeles
                defaults:
                  purchased_at: 2026-03-02T10:00:00-08:00
                  requested_at: 2026-03-05T10:00:00-08:00
                cases:
                  - name: wrong credits
                    order: {net: "29.90", total: "29.90", credits: 400, used: 100, delivered: true}
                    expect: {outcome: partial_refund, credits_removed: lots}
                """);
        Run wrongExpectation = run("policy", "test", "policies/tiered-usage.yaml", "--cases", cases.toString());
        assertThat(wrongExpectation.status()).isEqualTo(2);
        assertThat(wrongExpectation.err()).startsWith(cases + ": line 6: case 'wrong credits': ");
    }

    @Test
    void testAndExplainCountBusinessDaysOfTheHolidayCountry(@TempDir Path dir) throws IOException {
        // the example's cases list their holidays; without them, --holiday-country US gives the same 3 July
        String withoutHolidays = Files.readString(Path.of("policies/examples/rule-windows.cases.yaml"))
                .replace("  holidays: [2026-07-03]\n", "");
        assertThat(withoutHolidays).doesNotContain("holidays: [2026-07-03]");
        Path cases = dir.resolve("rule-windows.cases.yaml");
        Files.writeString(cases, withoutHolidays);
        Run us = run("policy", "test", "policies/examples/rule-windows.yaml", "--cases", cases.toString(),
                "--holiday-country", "US");
        assertThat(us.status()).as(us.out()).isZero();
        Run none = run("policy", "test", "policies/examples/rule-windows.yaml", "--cases", cases.toString());
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.out()).contains("evaluation failed: a business-day window needs the tenant's holiday calendar");

        Path facts = dir.resolve("facts.json");
        Files.writeString(facts, """
                {"timezone": "America/New_York",
                 "purchased_at": "2026-06-30T10:00:00-04:00", "requested_at": "2026-07-08T23:59:59-04:00",
                 "request": {"category": "billing_error"},
                 "order": {"net": "20.00", "total": "20.00", "credits": 1000, "used": 250, "plan": "team-5",
                           "duplicate_charges": 0}}
                """);
        Run explained = run("policy", "explain", "policies/examples/rule-windows.yaml", "--facts", facts.toString(),
                "--holiday-country", "US");
        assertThat(explained.status()).as(explained.err()).isZero();
        assertThat(explained.out()).contains("\"rule\" : \"team-invoice-error\"");
        Run germany = run("policy", "explain", "policies/examples/rule-windows.yaml", "--facts", facts.toString(),
                "--holiday-country", "DE");
        assertThat(germany.out()).contains("\"rule\" : \"prorated\"").contains("\"window_closed\" : true");
    }
}
