package dev.creditdesk.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.ledger.LedgerInvariants;
import dev.creditdesk.subscriptions.PeriodPayment;
import dev.creditdesk.subscriptions.Subscriptions;
import dev.creditdesk.subscriptions.internal.RenewalJob;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class DisputesIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    RenewalJob renewals;
    @Autowired
    Subscriptions subscriptions;

    private TestTenant tenant;
    private UUID account;
    private String orderId;

    /** A tenant whose policy suspends {@code kinds} on a chargeback; an account with a 400-credit order (+40 bonus) and 10 other credits. */
    private void setUp(List<String> kinds) {
        tenant = newTenant();
        String document = """
                id: chargebacks
                version: "1"
                effective_from: 2026-01-01T00:00:00Z
                review_sla_business_days: 3
                chargebacks:
                  cite: "Chargebacks: we may suspend related credits, subscriptions, downloads, or account access"
                  suspend: %s
                rules:
                  - id: review
                    cite: "Everything is reviewed"
                    when: "true"
                    outcome: needs_review
                """.formatted(kinds);
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("activate", true,
                "document", document));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        account = newAccount(tenant);
        orderId = order("D-1", "txn-1");
        clock.advance(java.time.Duration.ofSeconds(1)); // so the drawdown order (oldest first) is not a tie
        grant(tenant, account, 10);
    }

    private String order(String number, String transactionId) {
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", number, "credits", 400, "bonus_credits", 40, "currency", "USD", "net", "29.90",
                "total", "29.90", "charge", Map.of("provider", "manual", "transaction_id", transactionId)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return order.text("id");
    }

    private Api.Response dispute(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("transaction_id", "txn-1", "reason", "fraudulent"));
        body.putAll(fields);
        return api.post("/v1/disputes", tenant.supportKey(), body);
    }

    private Api.Response balance() {
        return api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
    }

    private Api.Response entitlements() {
        return api.get("/v1/accounts/" + account + "/entitlements", tenant.secretKey());
    }

    private void invariantsHold() {
        LedgerInvariants.check(jdbc, tenant.id(), clock.instant());
    }

    @Test
    void anOpenDisputeSuspendsWhatThePolicyListsAndAWonOneLiftsExactlyThat() {
        setUp(List.of("credits", "download", "access"));
        String task = reserve(tenant, account, 30).text("id"); // 30 of the bonus 40, the oldest
        Api.Response opened = dispute(Map.of());
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(opened.text("outcome")).isEqualTo("open");
        assertThat(opened.text("policy_cite")).startsWith("Chargebacks:");
        assertThat(opened.body().get("suspensions").findValuesAsString("kind"))
                .containsExactlyInAnyOrder("credits", "download", "access");
        assertThat(balance().number("suspended")).isEqualTo(410);
        assertThat(balance().number("available")).isEqualTo(10);
        Api.Response rights = entitlements();
        assertThat(rights.body().get("generate").asBoolean()).isFalse();
        assertThat(rights.body().get("download").asBoolean()).isFalse();
        assertThat(rights.body().get("access").asBoolean()).isFalse();
        Api.Response refused = reserve(tenant, account, 1);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("suspension_source")).isEqualTo("dispute");
        assertThat(refused.text("suspension_source_id")).isEqualTo(opened.text("id"));
        // the task in flight finishes; what it does not use of the order's goes back suspended
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 20));
        assertThat(balance().number("suspended")).isEqualTo(420);
        invariantsHold();

        Api.Response won = api.post("/v1/disputes/" + opened.text("id"), tenant.supportKey(), Map.of("status", "won"));
        assertThat(won.text("outcome")).isEqualTo("won");
        assertThat(won.body().get("suspensions").findValuesAsString("settlement")).containsOnly("lifted");
        assertThat(balance().number("available")).isEqualTo(430);
        assertThat(balance().number("suspended")).isZero();
        assertThat(entitlements().body().get("generate").asBoolean()).isTrue();
        assertThat(entitlements().body().get("suspensions")).isEmpty();
        assertThat(api.get("/v1/orders/" + orderId, tenant.secretKey()).text("status")).isEqualTo("delivered");
        invariantsHold();

        // a closed dispute does not change its outcome, and a replay changes nothing
        assertThat(api.post("/v1/disputes/" + opened.text("id"), tenant.supportKey(), Map.of("status", "lost"))
                .status()).isEqualTo(409);
        assertThat(api.post("/v1/disputes/" + opened.text("id"), tenant.supportKey(), Map.of("status", "won"))
                .status()).isEqualTo(200);
        assertThat(balance().number("available")).isEqualTo(430);
    }

    @ParameterizedTest(name = "{0}, then {1}")
    @CsvSource({"credits, won", "credits, lost", "subscription, won", "subscription, lost", "download, won",
            "download, lost", "access, won", "access, lost"})
    void eachKindIsSuspendedWhileOpenAndSettledByTheOutcome(String kind, String outcome) {
        setUp(List.of(kind));
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        String subscriptionId = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account,
                "plan_id", "pro", "transaction_id", "sub-" + kind + "-" + outcome)).text("id");
        long before = balance().number("available"); // 440 + 10 + 1000

        Api.Response opened = dispute(Map.of("transaction_id", "sub-" + kind + "-" + outcome));
        assertThat(opened.body().get("suspensions").findValuesAsString("kind")).containsExactly(kind);
        Api.Response rights = entitlements();
        Api.Response subscription = api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey());
        assertThat(balance().number("suspended")).isEqualTo(kind.equals("credits") ? 1000 : 0);
        assertThat(subscription.text("suspension_source_id")).isEqualTo(kind.equals("subscription")
                ? opened.text("id") : null);
        assertThat(rights.body().get("download").asBoolean()).isEqualTo(!kind.equals("download")
                && !kind.equals("access"));
        assertThat(rights.body().get("access").asBoolean()).isEqualTo(!kind.equals("access"));

        Api.Response settled = api.post("/v1/disputes/" + opened.text("id"), tenant.supportKey(),
                Map.of("status", outcome));
        assertThat(settled.text("outcome")).isEqualTo(outcome);
        subscription = api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey());
        assertThat(subscription.text("suspended_at")).isNull();
        assertThat(entitlements().body().get("suspensions")).isEmpty();
        assertThat(balance().number("suspended")).isZero();
        String order = settled.text("order_id");
        if (outcome.equals("won")) {
            assertThat(balance().number("available")).isEqualTo(before);
            assertThat(subscription.text("status")).isEqualTo("active");
            assertThat(api.get("/v1/orders/" + order, tenant.secretKey()).text("status")).isEqualTo("delivered");
        } else {
            assertThat(balance().number("available")).isEqualTo(before - 1000);
            assertThat(subscription.text("status")).isEqualTo("ended");
            assertThat(api.get("/v1/orders/" + order, tenant.secretKey()).text("status")).isEqualTo("charged_back");
        }
        invariantsHold();
    }

    @Test
    void aLostDisputeRevokesTheOrdersCreditsAndMarksItChargedBack() {
        setUp(List.of("credits", "access"));
        String id = dispute(Map.of()).text("id");
        Api.Response lost = api.post("/v1/disputes/" + id, tenant.supportKey(), Map.of("status", "lost"));
        assertThat(lost.text("outcome")).isEqualTo("lost");
        assertThat(lost.body().get("suspensions").findValuesAsString("settlement"))
                .containsExactlyInAnyOrder("revoked", "lifted");
        assertThat(balance().number("available")).isEqualTo(10);
        assertThat(balance().number("suspended")).isZero();
        assertThat(api.get("/v1/orders/" + orderId, tenant.secretKey()).text("status")).isEqualTo("charged_back");
        assertThat(entitlements().body().get("access").asBoolean()).isTrue();
        invariantsHold();
    }

    @Test
    void onlyTheCreditsSuspendedTheOthersStaySpendable() {
        setUp(List.of("credits"));
        String id = dispute(Map.of()).text("id");
        assertThat(entitlements().body().get("generate").asBoolean()).isTrue();
        assertThat(reserve(tenant, account, 10).status()).isEqualTo(201);
        Api.Response refused = reserve(tenant, account, 5);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("type")).endsWith("credits-suspended");
        assertThat(refused.text("suspension_source_id")).isEqualTo(id);
        // more than even the suspended credits could cover is plainly insufficient
        assertThat(reserve(tenant, account, 10_000).status()).isEqualTo(402);
    }

    @Test
    void aDisputeAfterARefundRequestLinksToItAndSuspendsNothing() {
        setUp(List.of("credits", "subscription", "download", "access"));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email",
                "customer@example.com", "order_number", "D-1", "purchase_date",
                clock.instant().atZone(java.time.ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "quality", "reason", "the images were blurry"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        clock.advance(java.time.Duration.ofMinutes(1));
        Api.Response opened = dispute(Map.of());
        assertThat(opened.text("refund_request_id")).isEqualTo(request.text("id"));
        assertThat(opened.body().get("suspensions")).isEmpty();
        assertThat(balance().number("suspended")).isZero();
        assertThat(entitlements().body().get("access").asBoolean()).isTrue();
    }

    @Test
    void anOutageCaseCreditdeskOpenedIsNotTheCustomerContactingUs() {
        setUp(List.of("credits"));
        assertThat(api.post("/v1/outage-compensation", tenant.adminKey(), Map.of("mode", "review",
                "threshold_hours", "1")).status()).isEqualTo(200);
        clock.advance(java.time.Duration.ofHours(3));
        Instant now = clock.instant();
        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Queue stalled",
                "scope", "full", "started_at", now.minus(java.time.Duration.ofHours(2)).toString(),
                "ended_at", now.minus(java.time.Duration.ofMinutes(1)).toString()));
        assertThat(incident.status()).as(incident.toString()).isEqualTo(201);
        assertThat(api.get("/v1/incidents/" + incident.text("id") + "/compensation", tenant.supportKey())
                .text("status")).isEqualTo("compensated");
        clock.advance(java.time.Duration.ofMinutes(1));
        Api.Response opened = dispute(Map.of());
        assertThat(opened.text("refund_request_id")).isNull();
        assertThat(opened.body().get("suspensions").findValuesAsString("kind")).containsExactly("credits");
    }

    @Test
    void aSuspendedSubscriptionDoesNotRenewUntilTheDisputeIsWon() {
        setUp(List.of("subscription"));
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account,
                "plan_id", "pro", "transaction_id", "sub-txn-1"));
        String subscriptionId = subscription.text("id");
        Api.Response opened = dispute(Map.of("transaction_id", "sub-txn-1"));
        assertThat(opened.body().get("suspensions").findValuesAsString("kind")).containsExactly("subscription");
        assertThat(api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey()).text("suspension_source_id"))
                .isEqualTo(opened.text("id"));

        clock.moveTo(Instant.parse(subscription.text("current_period_end")).plusSeconds(60));
        renewals.run();
        assertThat(api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey()).body().get("periods")).hasSize(1);

        api.post("/v1/disputes/" + opened.text("id"), tenant.supportKey(), Map.of("status", "won"));
        Api.Response resumed = api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey());
        assertThat(resumed.text("suspended_at")).isNull();
        renewals.run();
        assertThat(api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey()).body().get("periods")).hasSize(2);
    }

    @Test
    void aPeriodThePaymentProviderChargesWhileSuspendedIsWithheldUntilTheDisputeIsWon() {
        setUp(List.of("subscription"));
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account,
                "plan_id", "pro", "transaction_id", "sub-txn-3"));
        UUID subscriptionId = UUID.fromString(subscription.text("id"));
        String id = dispute(Map.of("transaction_id", "sub-txn-3")).text("id");
        long before = balance().number("available");

        // the provider still charges the next period (a Stripe invoice.paid): recorded, its credits withheld
        subscriptions.renew(tenant.id(), subscriptionId, PeriodPayment.atPlanPrice(null, "sub-txn-4",
                clock.instant()), "stripe");
        var periods = api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey()).body().get("periods");
        assertThat(periods).hasSize(2);
        assertThat(periods.get(1).get("status").asString()).isEqualTo("undelivered");
        assertThat(balance().number("available")).isEqualTo(before);

        api.post("/v1/disputes/" + id, tenant.supportKey(), Map.of("status", "won"));
        periods = api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey()).body().get("periods");
        assertThat(periods.get(1).get("status").asString()).isEqualTo("delivered");
        assertThat(balance().number("available")).isEqualTo(before + 1000);
        invariantsHold();
    }

    @Test
    void aLostDisputeOnASubscriptionPeriodEndsTheSubscription() {
        setUp(List.of("subscription", "credits"));
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        String subscriptionId = api.post("/v1/subscriptions", tenant.secretKey(), Map.of("account_id", account,
                "plan_id", "pro", "transaction_id", "sub-txn-2")).text("id");
        String id = dispute(Map.of("transaction_id", "sub-txn-2")).text("id");
        assertThat(balance().number("suspended")).isEqualTo(1000);
        api.post("/v1/disputes/" + id, tenant.supportKey(), Map.of("status", "lost"));
        Api.Response ended = api.get("/v1/subscriptions/" + subscriptionId, tenant.secretKey());
        assertThat(ended.text("status")).isEqualTo("ended");
        assertThat(ended.text("end_reason")).isEqualTo("chargeback lost");
        assertThat(balance().number("suspended")).isZero();
        assertThat(balance().number("available")).isEqualTo(450); // D-1's 440 and the 10 granted
        invariantsHold();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        setUp(List.of("credits"));
        Api.Response unknown = dispute(Map.of("transaction_id", "no-such-charge"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorField()).isEqualTo("transaction_id");
        Api.Response tooMuch = dispute(Map.of("amount", "29.91"));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorField()).isEqualTo("amount");
        Api.Response badStatus = dispute(Map.of("status", "maybe"));
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.errorField()).isEqualTo("status");
        Api.Response noReason = api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", "txn-1"));
        assertThat(noReason.errorField()).isEqualTo("reason");
        assertThat(api.get("/v1/disputes?order_id=" + orderId, tenant.supportKey()).body().get("data")).isEmpty();
        assertThat(balance().number("suspended")).isZero();

        dispute(Map.of("provider_dispute_id", "dp_1"));
        Api.Response again = dispute(Map.of("provider_dispute_id", "dp_1"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.get("/v1/disputes?order_id=" + orderId, tenant.supportKey()).body().get("data")).hasSize(1);
    }
}
