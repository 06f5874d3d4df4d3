package dev.creditdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code creditdesk policy simulate} against the test database: cases decided through the API
 * by the shipped tiered-usage policy are replayed with a candidate that narrows the full refund to
 * 5% of credits used and the window to 5 calendar days. Exactly the cases those two changes touch
 * come out changed, with their money to the cent, in both exports, and nothing in the database
 * changes.
 */
class PolicySimulateCliIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId TENANT_ZONE = ZoneId.of("America/New_York");
    private static final BigDecimal NET = new BigDecimal("29.90");
    private static final long CREDITS = 400;

    record Run(int status, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = CreditdeskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), name -> null,
                clock);
        return new Run(status, out.toString(), err.toString());
    }

    /** One past case: its id, and what the shipped policy decided for it. */
    record Case(String id, String outcome, String rule, String amount) {
    }

    /**
     * A customer who bought 400 credits for 29.90 {@code sincePurchase} ago, used {@code used} of
     * them, and asks for a refund now (a minute after the case before).
     */
    private Case refundCase(TestTenant tenant, long used, Duration sincePurchase) {
        clock.advance(Duration.ofMinutes(1));
        UUID account = newAccount(tenant);
        Instant purchasedAt = clock.instant().minus(sincePurchase);
        String orderNumber = "S-" + UUID.randomUUID();
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", orderNumber, "credits", CREDITS, "currency", "USD", "net", NET.toPlainString(),
                "total", NET.toPlainString(), "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "t-" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        if (used > 0) {
            Api.Response task = reserve(tenant, account, used);
            assertThat(task.status()).as(task.toString()).isEqualTo(201);
            assertThat(api.post("/v1/tasks/" + task.text("id") + "/complete", tenant.secretKey(),
                    Map.of("credits", used)).status()).isEqualTo(200);
        }
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email",
                "customer@example.com", "order_number", orderNumber, "purchase_date",
                purchasedAt.atZone(TENANT_ZONE).toLocalDate().toString(), "category", "change_of_mind",
                "reason", "changed my mind"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        assertThat(request.text("policy_id")).isEqualTo("tiered-usage");
        return new Case(request.text("id"), request.text("outcome"), request.body().get("proposal").get("rule")
                .asString(), request.text("proposed_amount"));
    }

    /** The shipped tiered-usage policy with the full refund up to 5% used and a 5-calendar-day window. */
    private static Path candidate(Path dir) throws Exception {
        String shipped = Files.readString(Path.of("policies", "tiered-usage.yaml"));
        String candidate = shipped.replace("version: \"2026-02-04\"", "version: \"candidate-1\"")
                .replace("calendar_days: 7", "calendar_days: 5")
                .replace("when: order.used_ratio <= decimal(\"0.10\")", "when: order.used_ratio <= decimal(\"0.05\")");
        assertThat(candidate).contains("calendar_days: 5").contains("decimal(\"0.05\")").contains("candidate-1");
        Path file = dir.resolve("candidate.yaml");
        Files.writeString(file, candidate);
        return file;
    }

    @Test
    void theCandidateChangesExactlyTheCasesItShouldWithTheirMoneyToTheCentAndWritesNothing(@TempDir Path dir)
            throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        Case beforeThePeriod = refundCase(tenant, 30, Duration.ofDays(1));
        clock.advance(Duration.ofMinutes(1));
        Instant from = clock.instant();
        Case unused = refundCase(tenant, 0, Duration.ofDays(1));
        Case sevenAndAHalfPercent = refundCase(tenant, 30, Duration.ofDays(1));
        Case twoAndAHalfPercent = refundCase(tenant, 10, Duration.ofDays(1));
        Case day6Full = refundCase(tenant, 10, Duration.ofDays(6));
        Case day6Partial = refundCase(tenant, 100, Duration.ofDays(6));
        Case day2Partial = refundCase(tenant, 100, Duration.ofDays(2));
        clock.advance(Duration.ofMinutes(1));
        Instant to = clock.instant();
        // what the shipped policy decided: full refunds up to 10% used, prorated above, within 7 days
        for (Case c : List.of(beforeThePeriod, unused, sevenAndAHalfPercent, twoAndAHalfPercent, day6Full)) {
            assertThat(c.outcome()).as(c.toString()).isEqualTo("full_refund");
            assertThat(c.rule()).isEqualTo("full-refund");
            assertThat(new BigDecimal(c.amount())).isEqualByComparingTo(NET);
        }
        BigDecimal prorated = NET.multiply(BigDecimal.valueOf(CREDITS - 100))
                .divide(BigDecimal.valueOf(CREDITS), 2, RoundingMode.HALF_UP);
        for (Case c : List.of(day6Partial, day2Partial)) {
            assertThat(c.outcome()).as(c.toString()).isEqualTo("partial_refund");
            assertThat(c.rule()).isEqualTo("proportional-refund");
            assertThat(new BigDecimal(c.amount())).isEqualByComparingTo(prorated);
        }
        Map<String, String> tablesBefore = refundTables(tenant.id());

        Path json = dir.resolve("changes.json");
        Path csv = dir.resolve("changes.csv");
        Run run = cli("policy", "simulate", candidate(dir).toString(), "--tenant", tenant.id().toString(),
                "--from", from.toString(), "--to", to.toString(), "--threads", "2", "--json", json.toString(),
                "--csv", csv.toString(), "--url", TestDatabase.url(), "--user", "postgres");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(refundTables(tenant.id())).as("nothing written").isEqualTo(tablesBefore);
        assertThat(run.err()).as("the progress bar, redrawn, ending at 100%").contains("\r[##########] 100% ")
                .endsWith(" s" + System.lineSeparator());

        // 7.5% used: no longer a full refund, and not above 10% either, so the catch-all rule refuses it;
        // day 6: outside the 5-day window. 2.5% used, unused and day 2 decide as before.
        List<String> changedIds = List.of(sevenAndAHalfPercent.id(), day6Full.id(), day6Partial.id());
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put(sevenAndAHalfPercent.id(), new String[] {"full_refund", "full-refund", "no_refund",
                "all-credits-used"});
        expected.put(day6Full.id(), new String[] {"full_refund", "full-refund", "no_refund", "request-window"});
        expected.put(day6Partial.id(), new String[] {"partial_refund", "proportional-refund", "no_refund",
                "request-window"});
        Map<String, BigDecimal> difference = Map.of(sevenAndAHalfPercent.id(), NET.negate(), day6Full.id(),
                NET.negate(), day6Partial.id(), prorated.negate());
        BigDecimal before = NET.multiply(BigDecimal.valueOf(4)).add(prorated.multiply(BigDecimal.valueOf(2)));
        BigDecimal totalDifference = NET.multiply(BigDecimal.valueOf(2)).add(prorated).negate();
        assertThat(totalDifference).isEqualByComparingTo("-82.23");

        JsonNode report = JSON.readTree(json.toFile());
        assertThat(report.get("policy_id").asString()).isEqualTo("tiered-usage");
        assertThat(report.get("version").asString()).isEqualTo("candidate-1");
        assertThat(report.get("replayed").asLong()).isEqualTo(6);
        assertThat(report.get("changed").asLong()).isEqualTo(3);
        assertThat(report.get("unreplayable").asLong()).isZero();
        assertThat(report.get("money")).hasSize(1);
        JsonNode usd = report.get("money").get(0);
        assertThat(usd.get("currency").asString()).isEqualTo("USD");
        assertThat(new BigDecimal(usd.get("before").asString())).isEqualByComparingTo(before);
        assertThat(new BigDecimal(usd.get("after").asString())).isEqualByComparingTo(before.add(totalDifference));
        assertThat(new BigDecimal(usd.get("difference").asString())).isEqualByComparingTo(totalDifference);
        assertThat(report.get("review").get("handling_time_source").asString()).isEqualTo("default");
        assertThat(report.get("tenant_id").asString()).isEqualTo(tenant.id().toString());

        List<String> ids = new ArrayList<>();
        for (JsonNode change : report.get("changes")) {
            String id = change.get("case_id").asString();
            ids.add(id);
            String[] fromTo = expected.get(id);
            assertThat(fromTo).as("unexpected change " + change).isNotNull();
            assertThat(change.get("before").get("outcome").asString()).isEqualTo(fromTo[0]);
            assertThat(change.get("before").get("rule").asString()).isEqualTo(fromTo[1]);
            assertThat(change.get("after").get("outcome").asString()).isEqualTo(fromTo[2]);
            assertThat(change.get("after").get("rule").asString()).isEqualTo(fromTo[3]);
            assertThat(new BigDecimal(change.get("money_difference").asString()))
                    .isEqualByComparingTo(difference.get(id));
            assertThat(change.get("currency").asString()).isEqualTo("USD");
            assertThat(change.get("after").get("credits_removed").asLong()).isZero();
            assertThat(change.get("links").get("api").asString()).isEqualTo("/v1/refund-requests/" + id);
            assertThat(change.get("links").get("console").asString()).isEqualTo("/console/cases/" + id);
            assertThat(api.get("/v1/refund-requests/" + id, tenant.supportKey()).text("received_at"))
                    .isEqualTo(change.get("received_at").asString());
        }
        assertThat(ids).as("in the order received").containsExactlyElementsOf(changedIds);

        List<String> rows = List.of(Files.readString(csv).split("\r\n", -1));
        assertThat(rows.get(0)).isEqualTo("case_id,received_at,currency,before_outcome,before_rule,before_amount,"
                + "before_credits_removed,before_review,after_outcome,after_rule,after_amount,after_credits_removed,"
                + "after_review,money_difference");
        assertThat(rows).hasSize(1 + 3 + 1);
        assertThat(rows.get(4)).as("the file ends with a line break").isEmpty();
        for (int i = 0; i < 3; i++) {
            String[] cells = rows.get(i + 1).split(",", -1);
            String id = changedIds.get(i);
            String[] fromTo = expected.get(id);
            assertThat(cells).hasSize(14);
            assertThat(cells[0]).isEqualTo(id);
            assertThat(Instant.parse(cells[1])).isEqualTo(Instant.parse(report.get("changes").get(i)
                    .get("received_at").asString()));
            assertThat(cells[2]).isEqualTo("USD");
            assertThat(List.of(cells[3], cells[4], cells[8], cells[9])).containsExactly(fromTo);
            assertThat(new BigDecimal(cells[5])).isEqualByComparingTo(i == 2 ? prorated : NET);
            assertThat(cells[7]).isEqualTo("false");
            assertThat(cells[11]).isEqualTo("0");
            assertThat(new BigDecimal(cells[13])).isEqualByComparingTo(difference.get(id));
        }

        assertThat(run.out()).contains("replayed: 6, changed: 3, unchanged: 3, unreplayable: 0")
                .contains("money refunded (USD): before " + before.toPlainString())
                .contains("difference " + totalDifference.toPlainString())
                .contains("full_refund (full-refund) → no_refund (request-window): 1")
                .contains("partial_refund (proportional-refund) → no_refund (request-window): 1")
                .contains("full_refund (full-refund) → no_refund (all-credits-used): 1")
                .contains("  full-refund: 4 → 2")
                .contains("wrote 3 changed cases to " + csv);
    }

    @Test
    void anUnknownTenantOrAnEmptyPeriodIsOneLineWithStatus2AndQuietMeansNoProgressBar(@TempDir Path dir)
            throws Exception {
        Path candidate = candidate(dir);
        UUID nobody = UUID.randomUUID();
        Run unknown = cli("policy", "simulate", candidate.toString(), "--tenant", nobody.toString(), "--url",
                TestDatabase.url(), "--user", "postgres");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("error: --tenant: no tenant " + nobody + " in this database");

        TestTenant tenant = newTenant("tiered-usage", Map.of());
        Run backwards = cli("policy", "simulate", candidate.toString(), "--tenant", tenant.id().toString(),
                "--from", "2026-03-02", "--to", "2026-03-01", "--url", TestDatabase.url(), "--user", "postgres");
        assertThat(backwards.status()).isEqualTo(2);
        assertThat(backwards.err().strip()).startsWith("error: --from: ").contains("is not before --to")
                .doesNotContain("\n");

        Run notADate = cli("policy", "simulate", candidate.toString(), "--tenant", tenant.id().toString(),
                "--to", "yesterday", "--url", TestDatabase.url(), "--user", "postgres");
        assertThat(notADate.status()).isEqualTo(2);
        assertThat(notADate.err().strip()).isEqualTo("error: --to: 'yesterday' is neither a date (2026-01-01) nor an "
                + "RFC 3339 instant (2026-01-01T00:00:00Z)");

        // dates are midnight in the tenant's timezone; a period without cases replays none
        Run quiet = cli("policy", "simulate", candidate.toString(), "--tenant", tenant.id().toString(),
                "--from", "2026-01-01", "--to", "2026-01-02", "--handling-minutes", "7.5", "--quiet",
                "--url", TestDatabase.url(), "--user", "postgres");
        assertThat(quiet.status()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).contains("from 2026-01-01T05:00:00Z to 2026-01-02T05:00:00Z (America/New_York)")
                .contains("replayed: 0, changed: 0").contains("at 7.5 min per case (--handling-minutes)");
    }

    @Test
    void theSnapshotTheCommandReadsInRefusesWrites() throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), "postgres", "")) {
            SimulateCommand.readOnlySnapshot(c);
            assertThat(SimulateCommand.tenantSettings(c, tenant.id()).timezone()).isEqualTo(TENANT_ZONE);
            try (PreparedStatement update = c.prepareStatement("update tenants set name = name where id = ?")) {
                update.setObject(1, tenant.id());
                assertThatThrownBy(update::executeUpdate).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            }
            c.rollback();
        }
    }

    @Test
    void theProgressBarIsOneLineRedrawnAtMostFiveTimesASecondAndEndsAt100Percent() {
        StringWriter err = new StringWriter();
        long[] nanos = {0};
        SimulateCommand.Progress progress = new SimulateCommand.Progress(new PrintWriter(err), 1_000_000,
                () -> nanos[0]);
        nanos[0] = 100_000_000L;
        progress.update(256); // 0.1 s after the first line: not redrawn
        nanos[0] = 38_000_000_000L;
        progress.update(412_000);
        nanos[0] += 1;
        progress.update(412_256); // too soon
        nanos[0] = 41_000_000_000L;
        progress.update(990_000);
        progress.finish();
        assertThat(err.toString()).isEqualTo("\r[..........] 0% 0/1,000,000 cases, 0 s"
                + "\r[####......] 41% 412,000/1,000,000 cases, 38 s"
                + "\r[#########.] 99% 990,000/1,000,000 cases, 41 s"
                + "\r[##########] 100% 990,000/990,000 cases, 41 s "  // a space over the longer line's last character
                + System.lineSeparator());
    }

    @Test
    void csvFieldsAreQuotedAsRfc4180Says() {
        assertThat(SimulateCommand.csvLine(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "")))
                .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    }

    /** Each refund table's rows of the tenant, as one checksum per table. */
    private static Map<String, String> refundTables(UUID tenantId) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), "postgres", "")) {
            for (String table : List.of("refund_requests", "refund_request_proposals", "refund_request_events",
                    "provider_refunds", "orders", "tenants")) {
                String column = table.equals("tenants") ? "id" : "tenant_id";
                try (PreparedStatement select = c.prepareStatement("select count(*) || ':' || coalesce(md5(string_agg("
                        + "t::text, '|' order by t::text)), '') from " + table + " t where " + column + " = ?")) {
                    select.setObject(1, tenantId);
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        sums.put(table, rs.getString(1));
                    }
                }
            }
        }
        return sums;
    }
}
