package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.refunds.internal.SimulationStore;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Policy simulations over the API: a tenant on the shipped tiered-usage policy with a dozen past
 * requests, and a candidate version (a full refund up to 5 % used instead of 10 %, a 5-day window
 * instead of 7) that changes a known subset of them. The expected report is computed here from the
 * orders, independently of the policy engine.
 */
class PolicySimulationIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SHIPPED = "2026-02-04";

    @Autowired
    PolicySimulations simulations;

    @Autowired
    SimulationStore store;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    /** One past order and its request: {@code day} days after purchase, {@code used} of {@code credits} used. */
    private record Case(String name, int day, String net, long credits, long used, boolean delivered) {
    }

    /** What a version decides for a case, as the test's own model of tiered-usage computes it. */
    private record Verdict(String outcome, String rule, BigDecimal amount, long creditsRemoved, boolean review) {

        BigDecimal refunded() {
            return amount == null ? BigDecimal.ZERO : amount;
        }

        String label() {
            return outcome + " (" + rule + ")";
        }
    }

    private record Made(Case c, String id, Instant receivedAt, Verdict before, Verdict after) {

        boolean changed() {
            return !before.equals(after);
        }
    }

    /** The cases: 7 of 12 change under the candidate. */
    private static final List<Case> CASES = List.of(
            new Case("nothing used, day 2: full both ways", 2, "29.90", 400, 0, true),
            new Case("6 % used: full → proportional", 3, "29.90", 400, 24, true),
            new Case("exactly 10 % used: full → proportional", 1, "19.99", 400, 40, true),
            new Case("exactly 5 % used: full both ways", 4, "29.90", 400, 20, true),
            new Case("day 6, nothing used: full → window", 6, "49.00", 400, 0, true),
            new Case("day 7, 25 % used: proportional → window", 7, "29.90", 400, 100, true),
            new Case("day 5, 25 % used: proportional both ways", 5, "29.90", 400, 100, true),
            new Case("day 8: window both ways", 8, "29.90", 400, 0, true),
            new Case("all used: nothing both ways", 2, "29.90", 400, 400, true),
            new Case("day 6, 7 % used: full → window", 6, "9.99", 400, 28, true),
            new Case("7.5 % used: full → proportional, 9.3425 → 9.34", 2, "10.10", 400, 30, true),
            new Case("undelivered, day 6: a person's full refund → window", 6, "39.90", 100, 0, false));

    /** tiered-usage as the test understands it: the window, then not-delivered, full, proportional, nothing. */
    private static Verdict decide(Case c, int windowDays, String fullUpTo) {
        if (c.day() > windowDays) {
            return new Verdict("no_refund", "request-window", null, 0, false);
        }
        BigDecimal net = new BigDecimal(c.net());
        long unused = c.credits() - c.used();
        if (!c.delivered()) {
            return new Verdict("full_refund", "not-delivered", net, 0, true);
        }
        // used ÷ credits ≤ threshold, without dividing
        if (BigDecimal.valueOf(c.used()).compareTo(new BigDecimal(fullUpTo).multiply(BigDecimal.valueOf(c.credits()))) <= 0) {
            return new Verdict("full_refund", "full-refund", net, unused, false);
        }
        if (unused > 0) {
            BigDecimal prorated = net.multiply(BigDecimal.valueOf(unused))
                    .divide(BigDecimal.valueOf(c.credits()), 2, RoundingMode.HALF_UP);
            return new Verdict("partial_refund", "proportional-refund", prorated, unused, false);
        }
        return new Verdict("no_refund", "all-credits-used", null, 0, false);
    }

    private static Verdict shipped(Case c) {
        return decide(c, 7, "0.10");
    }

    private static Verdict candidate(Case c) {
        return decide(c, 5, "0.05");
    }

    /** The shipped document, made the candidate: 5 % and 5 days, as {@code version} from {@code effectiveFrom}. */
    private static String candidateDocument(String version, Instant effectiveFrom) throws IOException {
        String shipped = Files.readString(Path.of("policies/tiered-usage.yaml"));
        String candidate = shipped.replace("version: \"" + SHIPPED + "\"", "version: \"" + version + "\"")
                .replace("effective_from: 2026-02-04T00:00:00Z", "effective_from: " + effectiveFrom)
                .replace("calendar_days: 7", "calendar_days: 5")
                .replace("decimal(\"0.10\")", "decimal(\"0.05\")");
        assertThat(candidate).doesNotContain("calendar_days: 7", "0.10", SHIPPED);
        return candidate;
    }

    private static String shippedDocument() throws IOException {
        return Files.readString(Path.of("policies/tiered-usage.yaml"));
    }

    // --- building the past

    private TestTenant tenant() {
        return newTenant("tiered-usage", Map.of("timezone", "UTC"));
    }

    /** An order of its own account, bought {@code daysAgo} days ago, {@code used} of its credits used. */
    private String order(TestTenant tenant, String number, Case c, int daysAgo) {
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-" + number, "email", number.toLowerCase() + "@example.com")).text("id"));
        if (!c.delivered()) {
            Api.Response suspended = api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                    Map.of("entitlement", "access", "reason", "under review"));
            assertThat(suspended.status()).as(suspended.toString()).isEqualTo(201);
        }
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", number, "credits", c.credits(), "currency", "USD", "net", c.net(), "total", c.net(),
                "purchased_at", clock.instant().minus(Duration.ofDays(daysAgo)).toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.body().get("delivered").asBoolean()).isEqualTo(c.delivered());
        if (c.used() > 0) {
            Api.Response task = reserve(tenant, account, c.used());
            assertThat(task.status()).as(task.toString()).isEqualTo(201);
            Api.Response done = api.post("/v1/tasks/" + task.text("id") + "/complete", tenant.secretKey(),
                    Map.of("credits", c.used()));
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
        }
        return order.text("id");
    }

    /** The case's order, and its request today. */
    private Api.Response request(TestTenant tenant, String number, Case c) {
        order(tenant, number, c, c.day());
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", number.toLowerCase() + "@example.com", "order_number", number,
                "purchase_date", clock.instant().minus(Duration.ofDays(c.day())).atZone(ZoneOffset.UTC)
                        .toLocalDate().toString(),
                "category", "change_of_mind", "reason", "I would like my money back"));
        assertThat(request.status()).as(c.name() + ": " + request).isEqualTo(201);
        return request;
    }

    /**
     * The cases as requests, two a minute (so cases received at the same instant are ordered by
     * id), each checked against the model of the shipped version.
     */
    private List<Made> past(TestTenant tenant) {
        List<Made> made = new ArrayList<>();
        int n = 0;
        for (Case c : CASES) {
            if (n % 2 == 0) {
                clock.advance(Duration.ofMinutes(1));
            }
            Api.Response request = request(tenant, "S-" + (++n), c);
            JsonNode proposal = request.body().get("proposal");
            Verdict got = new Verdict(proposal.get("outcome").asString(), proposal.get("rule").asString(),
                    none(proposal, "amount") ? null : new BigDecimal(proposal.get("amount").asString()),
                    proposal.get("credits_to_remove").asLong(), !proposal.get("automatic").asBoolean());
            assertThat(got).as(c.name() + ": the shipped version decided " + proposal).isEqualTo(shipped(c));
            made.add(new Made(c, request.text("id"), Instant.parse(request.text("received_at")), shipped(c),
                    candidate(c)));
        }
        // the requests are in the past of the default period's end (now)
        clock.advance(Duration.ofMinutes(1));
        return made;
    }

    // --- running one

    private Api.Response create(TestTenant tenant, String key, Map<String, Object> body) {
        return api.post("/v1/policies/tiered-usage/simulations", key, body);
    }

    /** Asks for a simulation and waits for the node's runner to finish it. */
    private JsonNode simulate(TestTenant tenant, Map<String, Object> body) throws InterruptedException {
        Api.Response created = create(tenant, tenant.supportKey(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        assertThat(created.text("object")).isEqualTo("policy_simulation");
        assertThat(created.text("status")).isEqualTo("queued");
        assertThat(none(created.body(), "report")).isTrue();
        assertThat(simulations.awaitIdle(WAIT)).as("the runner finished within " + WAIT).isTrue();
        Api.Response done = api.get("/v1/policies/tiered-usage/simulations/" + created.text("id"), tenant.secretKey());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonNode simulation = done.body();
        assertThat(simulation.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        JsonNode report = simulation.get("report");
        assertThat(report.isObject()).isTrue();
        assertThat(simulation.get("progress").get("processed").asLong())
                .isEqualTo(report.get("replayed").asLong() + report.get("unreplayable").asLong());
        assertThat(simulation.get("progress").get("total").asLong())
                .isEqualTo(simulation.get("progress").get("processed").asLong());
        assertThat(simulation.get("changes_stored").asLong()).isEqualTo(report.get("changed").asLong());
        assertThat(none(simulation, "started_at")).isFalse();
        assertThat(none(simulation, "finished_at")).isFalse();
        assertThat(none(simulation, "error")).isTrue();
        return simulation;
    }

    /** A field left out or null (the API leaves nulls out). */
    private static boolean none(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull();
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    /** The report checked against the model, case by case and in every total. */
    private void assertReport(JsonNode report, List<Made> made, String version) {
        List<Made> changed = made.stream().filter(Made::changed).toList();
        assertThat(report.get("object").asString()).isEqualTo("policy_replay_report");
        assertThat(report.get("policy_id").asString()).isEqualTo("tiered-usage");
        assertThat(report.get("version").asString()).isEqualTo(version);
        assertThat(report.get("replayed").asLong()).isEqualTo(made.size());
        assertThat(report.get("changed").asLong()).isEqualTo(changed.size()).isEqualTo(7);
        assertThat(report.get("unchanged").asLong()).isEqualTo(made.size() - changed.size());
        assertThat(report.get("unreplayable").asLong()).isZero();
        assertThat(report.get("unreplayable_reasons")).isEmpty();

        Map<String, Long> transitions = new TreeMap<>();
        changed.forEach(m -> transitions.merge(m.before().label() + " → " + m.after().label(), 1L, Long::sum));
        Map<String, Long> reported = new TreeMap<>();
        report.get("transitions").forEach(t -> reported.put(t.get("from_outcome").asString() + " ("
                + t.get("from_rule").asString() + ") → " + t.get("to_outcome").asString() + " ("
                + t.get("to_rule").asString() + ")", t.get("count").asLong()));
        assertThat(reported).isEqualTo(transitions).containsEntry(
                "full_refund (full-refund) → partial_refund (proportional-refund)", 3L);

        BigDecimal before = made.stream().map(m -> m.before().refunded()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal after = made.stream().map(m -> m.after().refunded()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(report.get("money")).hasSize(1);
        JsonNode usd = report.get("money").get(0);
        assertThat(usd.get("currency").asString()).isEqualTo("USD");
        assertThat(usd.get("before").asString()).isEqualTo(before.toPlainString());
        assertThat(usd.get("after").asString()).isEqualTo(after.toPlainString());
        // 28.11 + 17.99 + 9.34 - (29.90 + 19.99 + 49.00 + 22.43 + 9.99 + 10.10 + 39.90)
        assertThat(usd.get("difference").asString()).isEqualTo(after.subtract(before).toPlainString())
                .isEqualTo("-125.87");

        long creditsBefore = made.stream().mapToLong(m -> m.before().creditsRemoved()).sum();
        long creditsAfter = made.stream().mapToLong(m -> m.after().creditsRemoved()).sum();
        JsonNode credits = report.get("credits_removed");
        assertThat(credits.get("before").asLong()).isEqualTo(creditsBefore);
        assertThat(credits.get("after").asLong()).isEqualTo(creditsAfter);
        assertThat(credits.get("difference").asLong()).isEqualTo(creditsAfter - creditsBefore).isEqualTo(-1072);

        JsonNode review = report.get("review");
        assertThat(review.get("before").asLong()).isEqualTo(made.stream().filter(m -> m.before().review()).count())
                .isEqualTo(1);
        assertThat(review.get("after").asLong()).isZero();
        assertThat(review.get("difference").asLong()).isEqualTo(-1);

        Map<String, List<Long>> rules = new TreeMap<>();
        made.forEach(m -> {
            rules.computeIfAbsent(m.before().rule(), r -> new ArrayList<>(List.of(0L, 0L))).set(0,
                    rules.get(m.before().rule()).get(0) + 1);
            rules.computeIfAbsent(m.after().rule(), r -> new ArrayList<>(List.of(0L, 0L))).set(1,
                    rules.get(m.after().rule()).get(1) + 1);
        });
        Map<String, List<Long>> reportedRules = new TreeMap<>();
        report.get("rules").forEach(r -> {
            if (r.get("before").asLong() + r.get("after").asLong() > 0) {
                reportedRules.put(r.get("rule").asString(), List.of(r.get("before").asLong(), r.get("after").asLong()));
            }
        });
        assertThat(reportedRules).isEqualTo(rules).containsEntry("request-window", List.of(1L, 5L));

        Map<String, List<Long>> outcomes = new TreeMap<>();
        report.get("outcomes").forEach(o -> outcomes.put(o.get("outcome").asString(),
                List.of(o.get("before").asLong(), o.get("after").asLong())));
        assertThat(outcomes).containsEntry("full_refund", List.of(8L, 2L))
                .containsEntry("partial_refund", List.of(2L, 4L)).containsEntry("no_refund", List.of(2L, 6L));
    }

    /** The changed cases, paged two at a time, then each checked against the model. */
    private void assertChanges(TestTenant tenant, JsonNode simulation, List<Made> made) {
        List<Made> changed = made.stream().filter(Made::changed)
                .sorted(Comparator.comparing(Made::receivedAt).thenComparing(Made::id)).toList();
        assertThat(changed.stream().map(Made::receivedAt).distinct()).as("some changed at the same instant")
                .hasSizeLessThan(changed.size());
        String url = simulation.get("changes_url").asString();
        assertThat(url).isEqualTo("/v1/policies/tiered-usage/simulations/" + simulation.get("id").asString()
                + "/changes");
        assertThat(pageThrough(url, 2, tenant.secretKey()))
                .as("oldest first, every page").containsExactlyElementsOf(changed.stream().map(Made::id).toList());
        JsonNode all = api.get(url + "?limit=100", tenant.supportKey()).body().get("data");
        assertThat(all).hasSize(changed.size());
        for (int i = 0; i < changed.size(); i++) {
            Made m = changed.get(i);
            JsonNode change = all.get(i);
            assertThat(change.get("object").asString()).isEqualTo("policy_simulation_change");
            assertThat(change.get("kind").asString()).isEqualTo("refund_request");
            assertThat(change.get("currency").asString()).isEqualTo("USD");
            assertThat(Instant.parse(change.get("received_at").asString())).isEqualTo(m.receivedAt());
            assertThat(verdict(change.get("before"))).as(m.c().name()).isEqualTo(m.before());
            assertThat(verdict(change.get("after"))).as(m.c().name()).isEqualTo(m.after());
            assertThat(change.get("money_difference").asString()).as(m.c().name())
                    .isEqualTo(m.after().refunded().subtract(m.before().refunded()).toPlainString());
            assertThat(change.get("links").get("api").asString()).isEqualTo("/v1/refund-requests/" + m.id());
        }
        ListChecks.refusesCursors(api, url, tenant.secretKey(), List.of(UUID.randomUUID().toString(), "not-an-id"));
    }

    private static Verdict verdict(JsonNode v) {
        return new Verdict(v.get("outcome").asString(), v.get("rule").asString(),
                none(v, "amount") ? null : new BigDecimal(v.get("amount").asString()),
                v.get("credits_removed").asLong(), v.get("review").asBoolean());
    }

    /**
     * Every table's rows, hashed, but the simulations' own, the ones a request touches whatever it
     * does (rate-limit buckets, idempotency keys, sign-in failures) and the audit entry of asking.
     */
    private Map<String, String> fingerprint() {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_type = 'BASE TABLE'
                          and table_name not in ('policy_simulations', 'policy_simulation_changes', 'flyway_schema_history',
                                                 'idempotency_keys', 'rate_limit_buckets', 'sign_in_failures')
                        order by table_name""")
                .query(String.class).list();
        assertThat(tables).contains("refund_requests", "refund_request_proposals", "orders", "audit_log");
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String table : tables) {
            String where = table.equals("audit_log") ? " where subject_type is distinct from 'policy_simulation'" : "";
            hashes.put(table, jdbc.sql("select count(*) || ':' || md5(coalesce(string_agg(t::text, ',' order by t::text), ''))"
                    + " from \"" + table + "\" t" + where).query(String.class).single());
        }
        return hashes;
    }

    // --- the tests

    @Test
    void aPublishedCandidateChangesExactlyTheCasesItShouldAndWritesNothingElse() throws Exception {
        TestTenant tenant = tenant();
        List<Made> made = past(tenant);
        String version = "candidate-1";
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                candidateDocument(version, clock.instant().plus(Duration.ofDays(30)))));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);

        Map<String, String> before = fingerprint();
        JsonNode simulation = simulate(tenant, body("version", version, "handling_minutes", "7.5"));
        assertThat(fingerprint()).as("every table but the simulations' own").isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from audit_log where tenant_id = ? and subject_type = 'policy_simulation'")
                .param(tenant.id()).query(Long.class).single()).as("asking is audited, once").isEqualTo(1);

        assertThat(simulation.get("version").asString()).isEqualTo(version);
        assertThat(none(simulation, "orders")).isTrue();
        assertThat(simulation.get("created_by").asString()).isNotBlank();
        assertThat(Duration.between(Instant.parse(simulation.get("from").asString()),
                Instant.parse(simulation.get("to").asString()))).isEqualTo(PolicySimulations.DEFAULT_PERIOD);
        assertReport(simulation.get("report"), made, version);
        JsonNode review = simulation.get("report").get("review");
        assertThat(review.get("handling_minutes").asString()).isEqualTo("7.5");
        assertThat(review.get("handling_time_source").asString()).isEqualTo("given");
        assertThat(review.get("agent_minutes_difference").asString()).isEqualTo("-7.5");
        assertChanges(tenant, simulation, made);

        JsonNode listed = api.get("/v1/policies/tiered-usage/simulations", tenant.secretKey()).body();
        assertThat(listed.get("data")).hasSize(1);
        assertThat(listed.get("data").get(0).get("id").asString()).isEqualTo(simulation.get("id").asString());
        assertThat(api.get("/v1/policies/case-review/simulations", tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void aDraftDocumentIsReplayedLikeAPublishedVersionAndTheDefaultHandlingTimeSaysSo() throws Exception {
        TestTenant tenant = tenant();
        List<Made> made = past(tenant);
        String draft = candidateDocument("draft-2", clock.instant().plus(Duration.ofDays(30)));
        JsonNode simulation = simulate(tenant, body("document", draft,
                "from", clock.instant().minus(Duration.ofDays(1)).atZone(ZoneOffset.UTC).toLocalDate().toString(),
                "to", clock.instant().plus(Duration.ofHours(1)).toString()));
        assertReport(simulation.get("report"), made, "draft-2");
        JsonNode review = simulation.get("report").get("review");
        assertThat(review.get("handling_time_source").asString()).as("no decisions by people to measure")
                .isEqualTo("default");
        assertThat(review.get("handling_minutes").asString()).isEqualTo("10.0");
        assertThat(review.get("agent_minutes_difference").asString()).isEqualTo("-10.0");
        assertChanges(tenant, simulation, made);
        assertThat(api.get("/v1/policies", tenant.adminKey()).body().get("data").findValuesAsString("version"))
                .as("a draft is not published").doesNotContain("draft-2");

        // a period before every request replays none
        JsonNode empty = simulate(tenant, body("document", draft, "from", "2026-02-05", "to", "2026-02-06"));
        assertThat(empty.get("report").get("replayed").asLong()).isZero();
        assertThat(empty.get("progress").get("processed").asLong()).isZero();
    }

    @Test
    void theTimeSavedIsPricedAtTheTenantsMeasuredHandlingTime() throws Exception {
        TestTenant tenant = tenant();
        // 21 undelivered orders' requests wait for a person; one person decides them 6 minutes apart
        Case undelivered = new Case("undelivered, day 3", 3, "39.90", 100, 0, false);
        List<String> cases = new ArrayList<>();
        for (int i = 1; i <= HandlingTime.MIN_SAMPLE + 1; i++) {
            Api.Response request = request(tenant, "H-" + i, undelivered);
            assertThat(request.text("status")).isEqualTo("in_review");
            cases.add(request.text("id"));
        }
        for (String id : cases) {
            clock.advance(Duration.ofMinutes(6));
            Api.Response decided = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(),
                    Map.of("decision", "reject", "note", "delivered after all"));
            assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(1));
        // the window is one day: every one of them is refused automatically
        String oneDay = shippedDocument().replace("version: \"" + SHIPPED + "\"", "version: \"draft-4\"")
                .replace("calendar_days: 7", "calendar_days: 1");
        JsonNode review = simulate(tenant, body("document", oneDay)).get("report").get("review");
        assertThat(review.get("before").asLong()).isEqualTo(cases.size());
        assertThat(review.get("after").asLong()).isZero();
        assertThat(review.get("handling_time_source").asString()).isEqualTo("measured");
        assertThat(review.get("handling_minutes").asString()).isEqualTo("6.0");
        assertThat(review.get("agent_minutes_difference").asString()).isEqualTo("-126.0");
    }

    @Test
    void theVersionThatDecidedReplaysToTheSameDecisions() throws Exception {
        TestTenant tenant = tenant();
        List<Made> made = past(tenant);
        for (Map<String, Object> asked : List.<Map<String, Object>>of(body("version", SHIPPED),
                body("document", shippedDocument()))) {
            JsonNode report = simulate(tenant, asked).get("report");
            assertThat(report.get("replayed").asLong()).as("the stored snapshots reproduce every decision")
                    .isEqualTo(made.size());
            assertThat(report.get("changed").asLong()).isZero();
            assertThat(report.get("unreplayable").asLong()).isZero();
            assertThat(report.get("transitions")).isEmpty();
            JsonNode usd = report.get("money").get(0);
            assertThat(usd.get("before").asString()).isEqualTo(usd.get("after").asString());
            assertThat(new BigDecimal(usd.get("difference").asString())).isZero();
        }
        JsonNode latest = api.get("/v1/policies/tiered-usage/simulations", tenant.secretKey()).body().get("data").get(0);
        assertThat(api.get(latest.get("changes_url").asString(), tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void pastCasesAreReadAPageAtATimeWithNoSnapshotHeldBetweenPages() throws Exception {
        TestTenant tenant = tenant();
        List<Made> made = past(tenant);
        // oldest first, requests received the same instant by id (as text: PostgreSQL orders uuids unsigned)
        // the 6th to 10th requests (a whole page of five) were evaluated again, by another policy:
        // skipped, and the page of none of the policy's cases still moves on to the next
        List<Made> ordered = made.stream()
                .sorted(Comparator.comparing(Made::receivedAt).thenComparing(Made::id)).toList();
        for (Made m : ordered.subList(5, 10)) {
            jdbc.sql("""
                    insert into refund_request_proposals (tenant_id, refund_request_id, policy_id, policy_version,
                        outcome, proposal, trigger, evaluated_by, evaluated_at, facts)
                    select tenant_id, refund_request_id, 'another-policy', '1', outcome, proposal, trigger,
                        evaluated_by, evaluated_at, facts
                    from refund_request_proposals where tenant_id = :t and refund_request_id = :r""")
                    .param("t", tenant.id()).param("r", UUID.fromString(m.id())).update();
        }
        List<String> expected = new ArrayList<>();
        ordered.subList(0, 5).forEach(m -> expected.add(m.id()));
        ordered.subList(10, ordered.size()).forEach(m -> expected.add(m.id()));
        Instant from = made.get(0).receivedAt();
        Instant to = clock.instant();

        List<String> read = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            PastDecisions cases = PastDecisions.open(connection, tenant.id(), "tiered-usage", from, to, 5);
            int pid;
            try (var s = connection.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            connection.commit();
            while (cases.hasNext()) {
                PolicyReplay.PastCase next = cases.next();
                read.add(next.caseId());
                assertThat(next.factsJson()).isNotBlank();
                // read from another connection while the replay works through the page it holds
                Map<String, Object> activity = jdbc.sql(
                        "select state, backend_xmin::text as xmin from pg_stat_activity where pid = :pid")
                        .param("pid", pid).query().singleRow();
                assertThat(activity.get("state")).as("case %d: the page's transaction has ended", read.size())
                        .isEqualTo("idle");
                assertThat(activity.get("xmin")).as("no snapshot held while the cases are replayed").isNull();
            }
        }
        // in (received, id) order across the page boundary between requests 5 and 6, received the same minute
        assertThat(ordered.get(4).receivedAt()).isEqualTo(ordered.get(5).receivedAt());
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @Test
    void pastOrdersAreReplayedAsIfARequestCameOnTheDayGiven() throws Exception {
        TestTenant tenant = tenant();
        Map<String, String> orders = new LinkedHashMap<>();
        orders.put("6 % used: full → proportional", order(tenant, "O-1", new Case("", 0, "29.90", 400, 24, true), 10));
        orders.put("nothing used", order(tenant, "O-2", new Case("", 0, "29.90", 400, 0, true), 9));
        orders.put("half used", order(tenant, "O-3", new Case("", 0, "19.90", 400, 200, true), 8));
        orders.put("bought yesterday: day 3 is to come", order(tenant, "O-4", new Case("", 0, "29.90", 400, 24, true), 1));
        clock.advance(Duration.ofMinutes(1));

        JsonNode simulation = simulate(tenant, body("document", candidateDocument("draft-3",
                clock.instant().plus(Duration.ofDays(30))), "orders", Map.of("category", "change_of_mind", "day", 3)));
        assertThat(simulation.get("orders").get("category").asString()).isEqualTo("change_of_mind");
        assertThat(simulation.get("orders").get("day").asInt()).isEqualTo(3);
        JsonNode report = simulation.get("report");
        assertThat(report.get("replayed").asLong()).isEqualTo(3);
        assertThat(report.get("changed").asLong()).isEqualTo(1);
        assertThat(report.get("money").get(0).get("difference").asString()).isEqualTo("-1.79");

        JsonNode changes = api.get(simulation.get("changes_url").asString(), tenant.supportKey()).body().get("data");
        assertThat(changes).hasSize(1);
        JsonNode change = changes.get(0);
        String orderId = orders.get("6 % used: full → proportional");
        assertThat(change.get("kind").asString()).isEqualTo("order");
        assertThat(change.get("id").asString()).isEqualTo(orderId);
        assertThat(change.get("before").get("outcome").asString()).isEqualTo("full_refund");
        assertThat(change.get("after").get("outcome").asString()).isEqualTo("partial_refund");
        assertThat(change.get("after").get("amount").asString()).isEqualTo("28.11");
        assertThat(change.get("links").get("api").asString()).isEqualTo("/v1/orders/" + orderId);
        assertThat(Instant.parse(change.get("received_at").asString())).as("3 days after the purchase")
                .isEqualTo(Instant.parse(api.get("/v1/orders/" + orderId, tenant.secretKey()).text("purchased_at"))
                        .plus(Duration.ofDays(3)));
        assertThat(api.get("/v1/refund-requests", tenant.supportKey()).body().get("data")).as("no request made")
                .isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndCreatesNothing() throws Exception {
        TestTenant tenant = tenant();
        TestTenant other = tenant();
        String key = tenant.supportKey();
        Api wrong = api.unvalidatedRequest();
        Map<String, Api.Response> answers = new LinkedHashMap<>();
        answers.put("version", create(tenant, key, body()));
        answers.put("document", create(tenant, key, body("version", SHIPPED, "document", shippedDocument())));
        answers.put("version ", create(tenant, key, body("version", "1999-01-01")));
        answers.put("from", create(tenant, key, body("version", SHIPPED, "from", "yesterday")));
        answers.put("to", create(tenant, key, body("version", SHIPPED, "from", "2026-02-10", "to", "2026-02-01")));
        answers.put("handling_minutes", create(tenant, key, body("version", SHIPPED, "handling_minutes", "0")));
        answers.put("handling_minutes ", create(tenant, key, body("version", SHIPPED, "handling_minutes", "abc")));
        answers.put("orders.day", wrong.post("/v1/policies/tiered-usage/simulations", key,
                body("version", SHIPPED, "orders", Map.of("category", "change_of_mind", "day", -1))));
        answers.put("orders.category", create(tenant, key,
                body("version", SHIPPED, "orders", Map.of("category", "vibes", "day", 3))));
        answers.forEach((field, answer) -> {
            assertThat(answer.status()).as(field + ": " + answer).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.errorField()).as(answer.toString()).isEqualTo(field.strip());
        });

        Api.Response invalid = create(tenant, key, body("document", "id: tiered-usage\nrules: [unclosed"));
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(422);
        assertThat(invalid.text("type")).endsWith("/invalid-policy");
        Api.Response another = create(tenant, key,
                body("document", Files.readString(Path.of("policies/exceptions-only.yaml"))));
        assertThat(another.status()).as(another.toString()).isEqualTo(422);
        assertThat(another.errorField()).isEqualTo("document");

        assertThat(api.get("/v1/policies/tiered-usage/simulations", tenant.secretKey()).body().get("data"))
                .as("nothing was created").isEmpty();

        String unknown = "/v1/policies/tiered-usage/simulations/" + UUID.randomUUID();
        assertThat(api.get(unknown, tenant.secretKey()).status()).isEqualTo(404);
        assertThat(api.get(unknown + "/changes", tenant.secretKey()).status()).isEqualTo(404);
        assertThat(wrong.get("/v1/policies/tiered-usage/simulations/not-an-id", tenant.secretKey()).status())
                .isEqualTo(404);
        JsonNode theirs = simulate(other, body("version", SHIPPED));
        String path = "/v1/policies/tiered-usage/simulations/" + theirs.get("id").asString();
        assertThat(api.get(path, other.secretKey()).status()).isEqualTo(200);
        assertThat(api.get(path, tenant.secretKey()).status()).as("another tenant's").isEqualTo(404);
        assertThat(api.get(path + "/changes", tenant.secretKey()).status()).isEqualTo(404);
        assertThat(api.get(path.replace("tiered-usage", "case-review"), other.secretKey()).status())
                .as("under another policy").isEqualTo(404);
    }

    @Test
    void aTenantHasAtMostThreeSimulationsQueuedOrRunning() throws Exception {
        TestTenant tenant = tenant();
        // nothing runs the rows put here: the runner is idle, and nothing kicks it until a simulation is created
        assertThat(simulations.awaitIdle(WAIT)).isTrue();
        List<PolicySimulation> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PolicySimulation s = new PolicySimulation(tenant.id(), UUID.randomUUID(), "tiered-usage", SHIPPED,
                    shippedDocument(), clock.instant().minus(Duration.ofDays(1)), clock.instant(), null, null,
                    PolicySimulation.Status.QUEUED, 0, null, 0, null, null, "test", clock.instant(), null, null);
            store.insert(s);
            queued.add(s);
        }
        try {
            Api.Response refused = create(tenant, tenant.supportKey(), body("version", SHIPPED));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text("type")).endsWith("/too-many-simulations");
        } finally {
            queued.forEach(s -> store.failed(s, "removed by the test", clock.instant()));
        }
        assertThat(api.get("/v1/policies/tiered-usage/simulations", tenant.secretKey()).body().get("data")
                .findValuesAsString("status")).containsOnly("failed").hasSize(3);
        assertThat(create(tenant, tenant.supportKey(), body("version", SHIPPED)).status()).isEqualTo(202);
        assertThat(simulations.awaitIdle(WAIT)).isTrue();
    }

    @Test
    void requestsAtTheSameMomentCannotAllPassTheTenantsLimit() throws Exception {
        TestTenant tenant = tenant();
        assertThat(simulations.awaitIdle(WAIT)).isTrue();
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<PolicySimulation>>> asked = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            PolicySimulation s = new PolicySimulation(tenant.id(), UUID.randomUUID(), "tiered-usage", SHIPPED,
                    shippedDocument(), clock.instant().minus(Duration.ofDays(1)), clock.instant(), null, null,
                    PolicySimulation.Status.QUEUED, 0, null, 0, null, null, "test", clock.instant(), null, null);
            asked.add(pool.submit(() -> {
                go.await();
                return store.insertUnlessTooMany(s, 3) ? Optional.of(s) : Optional.<PolicySimulation>empty();
            }));
        }
        go.countDown();
        List<PolicySimulation> queued = new ArrayList<>();
        for (Future<Optional<PolicySimulation>> f : asked) {
            f.get(30, TimeUnit.SECONDS).ifPresent(queued::add);
        }
        pool.shutdown();
        try {
            assertThat(queued).as("queued by %d callers at once, limit 3", callers).hasSize(3);
            assertThat(store.active(tenant.id())).isEqualTo(3);
        } finally {
            queued.forEach(s -> store.failed(s, "removed by the test", clock.instant()));
        }
    }

    @Test
    void aPolicysSimulationsArePagedNewestFirst() throws Exception {
        TestTenant tenant = tenant();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            PolicySimulation s = new PolicySimulation(tenant.id(), UUID.randomUUID(), "tiered-usage", SHIPPED,
                    shippedDocument(), clock.instant().minus(Duration.ofDays(1)), clock.instant(), null, null,
                    PolicySimulation.Status.QUEUED, 0, null, 0, null, null, "test", clock.instant(), null, null);
            store.insert(s);
            store.failed(s, "made by the test", clock.instant());
            newestFirst.add(0, s.id().toString());
        }
        String url = "/v1/policies/tiered-usage/simulations";
        assertThat(pageThrough(url, 2, tenant.secretKey())).containsExactlyElementsOf(newestFirst);
        ListChecks.newestFirst(api, url, tenant.secretKey(), "created_at");
        Api.Response first = api.get(url, tenant.supportKey());
        assertThat(first.body().get("data")).hasSize(5);
        assertThat(first.body().get("has_more").asBoolean()).isFalse();
        // another tenant's simulation, another policy's, not an id
        TestTenant other = tenant();
        PolicySimulation theirs = new PolicySimulation(other.id(), UUID.randomUUID(), "tiered-usage", SHIPPED,
                shippedDocument(), clock.instant().minus(Duration.ofDays(1)), clock.instant(), null, null,
                PolicySimulation.Status.QUEUED, 0, null, 0, null, null, "test", clock.instant(), null, null);
        store.insert(theirs);
        store.failed(theirs, "made by the test", clock.instant());
        ListChecks.refusesCursors(api, url, tenant.secretKey(), List.of(theirs.id().toString(), "not-an-id"));
        Api.Response otherPolicy = api.get("/v1/policies/another-policy/simulations?starting_after=" + newestFirst.get(0),
                tenant.secretKey());
        assertThat(otherPolicy.status()).as(otherPolicy.toString()).isEqualTo(400);
        assertThat(otherPolicy.errorField()).isEqualTo("starting_after");
    }

    @Test
    void aSecretKeyReadsButOnlySupportAndAdminAsk() throws Exception {
        TestTenant tenant = tenant();
        Api.Response refused = create(tenant, tenant.secretKey(), body("version", SHIPPED));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(api.get("/v1/policies/tiered-usage/simulations", tenant.secretKey()).body().get("data")).isEmpty();
        for (String key : List.of(tenant.supportKey(), tenant.adminKey())) {
            Api.Response created = create(tenant, key, body("version", SHIPPED));
            assertThat(created.status()).as(created.toString()).isEqualTo(202);
            assertThat(simulations.awaitIdle(WAIT)).isTrue();
            Api.Response read = api.get("/v1/policies/tiered-usage/simulations/" + created.text("id"),
                    tenant.secretKey());
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.text("status")).isEqualTo("succeeded");
            assertThat(Objects.requireNonNull(read.text("created_by"))).isNotBlank();
        }
        assertThat(api.get("/v1/policies/tiered-usage/simulations", tenant.secretKey()).body().get("data")).hasSize(2);
    }
}
