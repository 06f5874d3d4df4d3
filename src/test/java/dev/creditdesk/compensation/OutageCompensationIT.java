package dev.creditdesk.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Compensation after a long full outage: accounts with a package or a subscription period in
 * service during it get credits or a review case, once, however often compensation runs.
 */
class OutageCompensationIT extends IntegrationTest {

    private TestTenant tenant;
    private Instant now;
    private UUID packageBuyer;
    private UUID subscriber;
    private UUID lateBuyer;
    private UUID bystander;
    private int orders;

    @BeforeEach
    void accounts() {
        tenant = newTenant("exceptions-only", Map.of());
        now = clock.instant();
        packageBuyer = newAccount(tenant);
        order(packageBuyer, now.minus(Duration.ofDays(5)));
        lateBuyer = newAccount(tenant);
        order(lateBuyer, now.minus(Duration.ofHours(1)));
        bystander = newAccount(tenant);
        subscriber = newAccount(tenant);
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro-monthly", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", subscriber,
                "plan_id", "pro-monthly", "started_at", now.minus(Duration.ofDays(4)).toString()));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
    }

    private void order(UUID account, Instant purchasedAt) {
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "A-" + (++orders), "credits", 400, "currency", "USD", "net", "29.90", "total",
                "29.90", "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + orders)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
    }

    private void settings(Map<String, Object> body) {
        Api.Response saved = api.post("/v1/outage-compensation", tenant.adminKey(), body);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    /** A full outage from three days ago, lasting {@code hours}. */
    private String outage(String scope, long hours) {
        Instant start = now.minus(Duration.ofDays(3));
        Map<String, Object> body = new HashMap<>(Map.of("title", "GPU cluster down", "scope", scope,
                "started_at", start.toString(), "ended_at", start.plus(Duration.ofHours(hours)).toString()));
        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), body);
        assertThat(incident.status()).as(incident.toString()).isEqualTo(201);
        return incident.text("id");
    }

    private Api.Response run(String incident) {
        Api.Response response = api.post("/v1/incidents/" + incident + "/compensation", tenant.supportKey(), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    private Api.Response compensation(String incident) {
        return api.get("/v1/incidents/" + incident + "/compensation", tenant.supportKey());
    }

    private List<String> accountsIn(Api.Response compensation) {
        List<String> ids = new ArrayList<>();
        compensation.body().get("accounts").forEach(a -> ids.add(a.get("account_id").asString()));
        return ids;
    }

    private long compensationBlocks(UUID account) {
        JsonNode blocks = api.get("/v1/accounts/" + account + "/credit-blocks", tenant.secretKey()).body().get("data");
        long count = 0;
        for (JsonNode block : blocks) {
            if ("compensation".equals(block.get("source").asString())) {
                count++;
            }
        }
        return count;
    }

    @Test
    void theDefaultIsNoCompensation() {
        Api.Response settings = api.get("/v1/outage-compensation", tenant.supportKey());
        assertThat(settings.text("mode")).isEqualTo("none");
        assertThat(settings.text("threshold_hours")).isEqualTo("24");
        String incident = outage("full", 30);
        assertThat(compensation(incident).text("status")).isEqualTo("not_compensated");
        assertThat(run(incident).text("status")).isEqualTo("not_eligible");
    }

    @Test
    void creditsModeGrantsEachAffectedAccountOnceWhenTheIncidentCloses() {
        settings(Map.of("mode", "credits", "threshold_hours", "24", "credits", 50, "credit_expiry_days", 30));
        Instant start = now.minus(Duration.ofDays(3));
        String incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "down", "scope", "full",
                "started_at", start.toString())).text("id");
        assertThat(compensation(incident).text("status")).isEqualTo("not_compensated");
        assertThat(run(incident).text("reason")).contains("ongoing");

        Api.Response closed = api.post("/v1/incidents/" + incident + "/close", tenant.supportKey(),
                Map.of("ended_at", start.plus(Duration.ofHours(25)).toString()));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);

        Api.Response done = compensation(incident);
        assertThat(done.text("status")).isEqualTo("compensated");
        assertThat(done.text("incident_hours")).isEqualTo("25");
        assertThat(accountsIn(done)).containsExactlyInAnyOrder(packageBuyer.toString(), subscriber.toString());
        assertThat(available(tenant, packageBuyer)).isEqualTo(450);
        assertThat(available(tenant, subscriber)).isEqualTo(1050);
        assertThat(available(tenant, lateBuyer)).isEqualTo(400);
        assertThat(available(tenant, bystander)).isZero();

        // each is told, once, in the tenant's timezone
        List<String> told = new ArrayList<>();
        api.get("/v1/outbox?limit=100", tenant.supportKey()).body().get("data").forEach(m -> {
            if ("outage_compensation".equals(m.get("template").asString())) {
                told.add(m.get("subject").asString() + " | " + m.get("body").asString());
            }
        });
        assertThat(told).hasSize(2).allSatisfy(m -> assertThat(m).startsWith("We added 50 credits to your account")
                .contains("(25 hours)").contains(" EST").contains("they expire on"));

        Api.Response second = run(incident);
        assertThat(second.text("status")).isEqualTo("already_compensated");
        assertThat(accountsIn(second)).hasSize(2);
        api.post("/v1/incidents/" + incident, tenant.supportKey(), Map.of("title", "GPU cluster down (corrected)"));
        assertThat(compensationBlocks(packageBuyer)).isEqualTo(1);
        assertThat(compensationBlocks(subscriber)).isEqualTo(1);
        assertThat(available(tenant, packageBuyer)).isEqualTo(450);
    }

    @Test
    void reviewModeOpensOnePrefilledCasePerAffectedAccount() {
        settings(Map.of("mode", "review", "threshold_hours", "24"));
        String incident = outage("full", 30);
        Api.Response done = compensation(incident);
        assertThat(done.text("status")).isEqualTo("compensated");
        assertThat(accountsIn(done)).containsExactlyInAnyOrder(packageBuyer.toString(), subscriber.toString());
        assertThat(run(incident).text("status")).isEqualTo("already_compensated");

        JsonNode cases = api.get("/v1/refund-requests?status=in_review", tenant.supportKey()).body().get("data");
        assertThat(cases).hasSize(2);
        for (JsonNode c : cases) {
            assertThat(c.get("category").asString()).isEqualTo("service_unavailable");
            assertThat(c.get("due_at").isNull()).isFalse();
            assertThat(c.get("reason").asString()).contains(incident);
            assertThat(c.get("proposal").get("channel").asString()).isEqualTo("outage_compensation");
            assertThat(c.get("proposal").get("incident_id").asString()).isEqualTo(incident);
            // exceptions-only: more than 24 consecutive hours unavailable → a full refund, for review
            assertThat(c.get("proposal").get("rule").asString()).isEqualTo("service-unavailable");
            assertThat(c.get("outcome").asString()).isEqualTo("full_refund");
        }
        assertThat(compensationBlocks(packageBuyer)).isZero();
    }

    @Test
    void shortAndPartialIncidentsAreNotCompensated() {
        settings(Map.of("mode", "credits", "threshold_hours", "24", "credits", 50));
        String exactlyTheThreshold = outage("full", 24);
        String partial = outage("partial", 48);
        for (String incident : List.of(exactlyTheThreshold, partial)) {
            assertThat(compensation(incident).text("status")).isEqualTo("not_compensated");
            Api.Response run = run(incident);
            assertThat(run.text("status")).isEqualTo("not_eligible");
            assertThat(run.body().get("accounts")).isEmpty();
        }
        assertThat(run(partial).text("reason")).contains("partial");
        assertThat(available(tenant, packageBuyer)).isEqualTo(400);
    }

    @Test
    void concurrentRunsCompensateOnce() throws Exception {
        String incident = outage("full", 30);   // mode none when it closed: nothing yet
        settings(Map.of("mode", "credits", "credits", 7));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Callable<Api.Response> call = () -> {
                go.await();
                return api.post("/v1/incidents/" + incident + "/compensation", tenant.adminKey(), null);
            };
            runs.add(pool.submit(call));
        }
        go.countDown();
        List<String> statuses = new ArrayList<>();
        for (Future<Api.Response> run : runs) {
            Api.Response response = run.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            statuses.add(response.text("status"));
        }
        pool.shutdown();
        assertThat(statuses).containsOnlyOnce("compensated").filteredOn("already_compensated"::equals).hasSize(3);
        assertThat(compensationBlocks(packageBuyer)).isEqualTo(1);
        assertThat(available(tenant, packageBuyer)).isEqualTo(407);
        assertThat(available(tenant, subscriber)).isEqualTo(1007);
    }

    @Test
    void settingsAreCheckedAndOnlyAdminsChangeThem() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        Api.Response noCredits = api.post("/v1/outage-compensation", tenant.adminKey(), Map.of("mode", "credits"));
        assertThat(noCredits.status()).isEqualTo(400);
        assertThat(noCredits.errorField()).isEqualTo("credits");
        assertThat(api.post("/v1/outage-compensation", tenant.adminKey(), Map.of("mode", "some"))
                .errorField()).isEqualTo("mode");
        assertThat(api.post("/v1/outage-compensation", tenant.adminKey(), Map.of("mode", "review",
                "threshold_hours", "-1")).errorField()).isEqualTo("threshold_hours");
        assertThat(api.post("/v1/outage-compensation", tenant.supportKey(), Map.of("mode", "none")).status())
                .isEqualTo(403);
        assertThat(api.get("/v1/outage-compensation", tenant.supportKey()).text("mode")).isEqualTo("none");
    }
}
