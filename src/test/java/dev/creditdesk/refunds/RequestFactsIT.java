package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The facts the engine lacked reach decisions over HTTP (issue 13): the subscription struct of a
 * yearly plan (interval, period, cancellation, whole months elapsed and left), account.country,
 * order.channel and order.provider, under policies/examples/annual-plans.yaml published by the
 * tenant; plan families (each product's own policy); and the facts snapshot kept with every
 * proposal, which the explain API turns back into the same decision.
 */
class RequestFactsIT extends IntegrationTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");

    private TestTenant tenant;

    private TestTenant annualPlansTenant() throws IOException {
        tenant = newTenant();
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                Files.readString(Path.of("policies/examples/annual-plans.yaml")), "activate", true));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        product("pro-annual", "plan", "120.00", Map.of("interval", "year"));
        product("pro-monthly", "plan", "10.00", Map.of());
        return tenant;
    }

    private Api.Response product(String id, String kind, String price, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("id", id, "kind", kind, "name", id, "currency", "USD",
                "price", price, "credits", 1000));
        body.putAll(more);
        Api.Response product = api.post("/v1/catalog/products", tenant.adminKey(), body);
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        return product;
    }

    private UUID account(String country) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("external_id", "user-" + UUID.randomUUID(),
                "email", "customer@example.com"));
        if (country != null) {
            body.put("country", country);
        }
        Api.Response account = api.post("/v1/accounts", tenant.secretKey(), body);
        assertThat(account.status()).as(account.toString()).isEqualTo(201);
        return UUID.fromString(account.text("id"));
    }

    private Api.Response subscribe(UUID account, String plan, Instant startedAt) {
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account,
                "plan_id", plan, "started_at", startedAt.toString()));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
        return subscription;
    }

    private Api.Response order(UUID account, String number, Instant purchasedAt, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("account_id", account, "order_number", number,
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        body.putAll(more);
        if (body.containsKey("product_id")) {
            body.remove("credits");
        }
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), body);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return order;
    }

    private Api.Response request(String orderNumber, Instant purchasedAt, String category) {
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", "customer@example.com", "order_number", orderNumber,
                "purchase_date", purchasedAt.atZone(NY).toLocalDate().toString(), "category", category,
                "reason", "please"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        return request;
    }

    private Api.Response requestAboutPeriod(Api.Response subscription, String category) {
        JsonNode period = subscription.body().get("periods").get(0);
        Instant start = Instant.parse(period.get("period_start").asString());
        return request(period.get("order_number").asString(), start, category);
    }

    private JsonNode facts(String requestId) {
        JsonNode proposals = api.get("/v1/refund-requests/" + requestId + "/proposals", tenant.supportKey()).body()
                .get("data");
        return proposals.get(proposals.size() - 1).get("facts");
    }

    private static String rule(Api.Response request) {
        return request.body().get("proposal").get("rule").asString();
    }

    @Test
    void aYearlyPlansPeriodLastsAYearAndItsFirstMonthIsRefundedInFull() throws IOException {
        annualPlansTenant();
        Instant started = clock.instant().atZone(NY).minusDays(10).toInstant();
        Api.Response subscription = subscribe(account("US"), "pro-annual", started);
        assertThat(Instant.parse(subscription.text("current_period_end")))
                .isEqualTo(started.atZone(NY).plusYears(1).toInstant());

        Api.Response request = requestAboutPeriod(subscription, "change_of_mind");
        assertThat(rule(request)).isEqualTo("annual-first-month");
        assertThat(request.text("outcome")).isEqualTo("full_refund");

        JsonNode facts = facts(request.text("id"));
        JsonNode sub = facts.get("subscription");
        assertThat(sub.get("interval").asString()).isEqualTo("year");
        assertThat(sub.get("status").asString()).isEqualTo("active");
        assertThat(sub.get("period").asLong()).isEqualTo(1);
        assertThat(sub.get("is_renewal").asBoolean()).isFalse();
        assertThat(sub.get("months_elapsed").asLong()).isZero();
        assertThat(sub.get("months_left").asLong()).isEqualTo(11);
        assertThat(Instant.parse(facts.get("subscription_started_at").asString())).isEqualTo(started);
        assertThat(facts.has("cancelled_at")).isFalse();
        assertThat(facts.get("order").get("channel").asString()).isEqualTo("web");
        assertThat(facts.get("order").get("provider").asString()).isEqualTo("manual");
        assertThat(facts.get("account").get("country").asString()).isEqualTo("US");
    }

    @Test
    void afterTheFirstMonthTheWholeMonthsLeftAreRefundedUnlessCancelled() throws IOException {
        annualPlansTenant();
        Instant started = clock.instant().atZone(NY).minusMonths(1).minusDays(1).toInstant();
        Api.Response kept = subscribe(account("US"), "pro-annual", started);
        Api.Response request = requestAboutPeriod(kept, "change_of_mind");
        assertThat(rule(request)).isEqualTo("annual-months-left");
        // 1 month elapsed, the second in progress, 10 whole months left: 120.00 × 10 ÷ 12
        assertThat(request.text("proposed_amount")).isEqualTo("100.00");
        assertThat(facts(request.text("id")).get("subscription").get("months_elapsed").asLong()).isEqualTo(1);

        Api.Response cancelled = subscribe(account("US"), "pro-annual", started);
        Api.Response cancel = api.post("/v1/subscriptions/" + cancelled.text("id") + "/cancel", tenant.secretKey(),
                null);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        Api.Response refused = requestAboutPeriod(cancelled, "change_of_mind");
        assertThat(rule(refused)).isEqualTo("final");
        JsonNode facts = facts(refused.text("id"));
        assertThat(facts.get("subscription").get("cancelled").asBoolean()).isTrue();
        assertThat(facts.get("subscription").get("cancel_at_period_end").asBoolean()).isTrue();
        assertThat(Instant.parse(facts.get("cancelled_at").asString())).isEqualTo(Instant.parse(cancel.text("canceled_at")));
    }

    @Test
    void theCustomersCountryGivesAWithdrawalRight() throws IOException {
        annualPlansTenant();
        Instant bought = clock.instant().minus(Duration.ofDays(3));
        order(account("DE"), "DE-1", bought, Map.of());
        assertThat(rule(request("DE-1", bought, "change_of_mind"))).isEqualTo("eu-withdrawal");

        UUID american = account(null);
        order(american, "US-1", bought, Map.of());
        Api.Response unknown = request("US-1", bought, "change_of_mind");
        assertThat(rule(unknown)).isEqualTo("final");
        assertThat(facts(unknown.text("id")).get("account").get("country").asString()).isEmpty();

        // a country given later counts for the next request
        Api.Response updated = api.post("/v1/accounts/" + american, tenant.secretKey(), Map.of("country", "FR"));
        assertThat(updated.text("country")).isEqualTo("FR");
        order(american, "US-2", bought, Map.of());
        assertThat(rule(request("US-2", bought, "change_of_mind"))).isEqualTo("eu-withdrawal");
    }

    @Test
    void anAppStorePurchaseIsReferredToTheStore() throws IOException {
        annualPlansTenant();
        Instant bought = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = order(account("DE"), "APP-1", bought, Map.of("channel", "app_store"));
        assertThat(order.text("channel")).isEqualTo("app_store");
        Api.Response request = request("APP-1", bought, "change_of_mind");
        assertThat(rule(request)).isEqualTo("store-purchase");
        assertThat(request.text("status")).isEqualTo("rejected");

        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id",
                account("US"), "plan_id", "pro-annual", "started_at", bought.toString(), "channel", "play_store"));
        assertThat(subscription.text("channel")).isEqualTo("play_store");
        assertThat(rule(requestAboutPeriod(subscription, "change_of_mind"))).isEqualTo("store-purchase");
    }

    @Test
    void badCountriesChannelsIntervalsAndPoliciesAreRefusedNamingTheField() {
        tenant = newTenant();
        Api.Response country = api.unvalidatedRequest().post("/v1/accounts", tenant.secretKey(), Map.of(
                "external_id", "x", "email", "customer@example.com", "country", "Germany"));
        assertThat(country.status()).isEqualTo(400);
        assertThat(country.errorField()).isEqualTo("country");
        assertThat(api.get("/v1/accounts?external_id=x", tenant.secretKey()).body().get("data")).isEmpty();

        Api.Response channel = api.unvalidatedRequest().post("/v1/orders", tenant.secretKey(), Map.of(
                "account_id", account(null), "order_number", "C-1", "credits", 10, "currency", "USD", "net", "1.00",
                "total", "1.00", "channel", "App Store",
                "charge", Map.of("provider", "manual", "transaction_id", "t-1")));
        assertThat(channel.status()).isEqualTo(400);
        assertThat(channel.errorField()).isEqualTo("channel");

        Api.Response interval = api.unvalidatedRequest().post("/v1/catalog/products", tenant.adminKey(), Map.of(
                "id", "p", "kind", "package", "name", "p", "currency", "USD", "price", "1.00", "credits", 10,
                "interval", "year"));
        assertThat(interval.status()).isEqualTo(400);
        assertThat(interval.errorField()).isEqualTo("interval");

        Api.Response weekly = api.unvalidatedRequest().post("/v1/catalog/products", tenant.adminKey(), Map.of(
                "id", "p", "kind", "plan", "name", "p", "currency", "USD", "price", "1.00", "credits", 10,
                "interval", "week"));
        assertThat(weekly.errorField()).isEqualTo("interval");

        Api.Response policy = api.post("/v1/catalog/products", tenant.adminKey(), Map.of(
                "id", "p", "kind", "package", "name", "p", "currency", "USD", "price", "1.00", "credits", 10,
                "policy", "no-such-policy"));
        assertThat(policy.status()).isEqualTo(400);
        assertThat(policy.errorField()).isEqualTo("policy");
        assertThat(api.get("/v1/catalog/products/p", tenant.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void eachPlanFamilyIsAnsweredByItsOwnPolicy() {
        tenant = newTenant("exceptions-only", Map.of());
        Api.Response family = product("family-a", "package", "29.90", Map.of("policy", "tiered-usage"));
        assertThat(family.text("policy")).isEqualTo("tiered-usage");
        assertThat(family.text("interval")).isNull();
        product("family-b", "package", "29.90", Map.of());
        UUID account = account(null);
        Instant bought = clock.instant().minus(Duration.ofDays(2));
        order(account, "A-1", bought, Map.of("product_id", "family-a"));
        order(account, "B-1", bought, Map.of("product_id", "family-b"));

        Api.Response a = request("A-1", bought, "change_of_mind");
        assertThat(a.text("policy_id")).isEqualTo("tiered-usage");
        assertThat(rule(a)).isEqualTo("full-refund");
        Api.Response b = request("B-1", bought, "change_of_mind");
        assertThat(b.text("policy_id")).isEqualTo("exceptions-only");
        assertThat(rule(b)).isEqualTo("non-refundable");
    }

    @Test
    void theFactsKeptWithAProposalReplayToTheSameDecisionAndUnderAnotherPolicy() throws IOException {
        annualPlansTenant();
        Instant started = clock.instant().atZone(NY).minusMonths(2).minusDays(3).toInstant();
        Api.Response request = requestAboutPeriod(subscribe(account("US"), "pro-annual", started), "change_of_mind");
        JsonNode proposal = api.get("/v1/refund-requests/" + request.text("id") + "/proposals", tenant.supportKey())
                .body().get("data").get(0);
        assertThat(proposal.get("policy_id").asString()).isEqualTo("annual-plans");
        assertThat(proposal.get("policy_version").asString()).isEqualTo("2026-12-01");
        JsonNode facts = proposal.get("facts");
        assertThat(facts.get("timezone").asString()).isEqualTo("America/New_York");

        Api.Response replayed = api.post("/v1/policies/annual-plans/explain", tenant.supportKey(), facts);
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
        assertThat(replayed.text("rule")).isEqualTo(rule(request)).isEqualTo("annual-months-left");
        assertThat(replayed.text("amount")).isEqualTo(request.text("proposed_amount")).isEqualTo("90.00");
        assertThat(replayed.body().get("trace")).isEqualTo(request.body().get("proposal").get("trace"));

        // the same facts under another policy: case-review refuses a change of mind
        Api.Response other = api.post("/v1/policies/case-review/explain", tenant.supportKey(), facts);
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        assertThat(other.text("rule")).isEqualTo("normally-final");
    }

    @Test
    void lifetimeUsageCountsTheCreditsTheAccountConsumedAcrossItsOrders() throws IOException {
        annualPlansTenant();
        UUID account = account("US");
        Instant bought = clock.instant().minusSeconds(3_600);
        order(account, "A-" + UUID.randomUUID(), bought, Map.of());
        String second = "B-" + UUID.randomUUID();
        order(account, second, bought, Map.of());
        // 30 consumed, 5 released: only what a task used counts
        Api.Response task = reserve(tenant, account, 35);
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        Api.Response completed = api.post("/v1/tasks/" + task.text("id") + "/complete", tenant.secretKey(),
                Map.of("credits", 30));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);

        Api.Response request = request(second, bought, "change_of_mind");
        JsonNode facts = facts(request.text("id"));
        assertThat(facts.get("account").get("lifetime_used").asLong()).isEqualTo(30);
        assertThat(facts.get("account").get("orders").asLong()).isEqualTo(2);
    }
}
