package dev.creditdesk.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeEvents;
import dev.creditdesk.support.StripeServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Stripe's webhooks and refunds, with stripe-java talking to WireMock and events built from Stripe's samples. */
class StripeIT extends IntegrationTest {

    private static final String SECRET = "whsec_test_secret";

    @Autowired
    RefundSubmitter submitter;

    @Autowired
    JdbcClient jdbc;

    private final WireMockServer stripe = StripeServer.server();
    private TestTenant tenant;
    private UUID account;
    private int events;

    @BeforeEach
    void tenantWithStripe() {
        tenant = newTenant();
        assertThat(api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_123",
                "stripe_webhook_secret", SECRET)).status()).isEqualTo(200);
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "credits-400", "kind", "package",
                "name", "400 credits", "currency", "USD", "price", "29.90", "credits", 400, "bonus_credits", 40))
                .status()).isEqualTo(201);
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 1000)).status()).isEqualTo(201);
        account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "cust-" + UUID.randomUUID(), "email", "c@example.com")).text("id"));
        stripe.resetAll();
    }

    private String externalId() {
        return api.get("/v1/accounts/" + account, tenant.secretKey()).text("external_id");
    }

    private Api.Response send(String type, ObjectNode object) {
        return send("evt_" + (++events) + "_" + UUID.randomUUID(), type, object);
    }

    private Api.Response send(String eventId, String type, ObjectNode object) {
        String payload = StripeEvents.event(eventId, type, object, clock.instant());
        return api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload,
                Map.of("Stripe-Signature", StripeEvents.signature(payload, SECRET, clock.instant())));
    }

    private ObjectNode checkoutSession(String paymentIntent, String orderNumber) {
        ObjectNode session = StripeEvents.sample("checkout.session");
        session.put("mode", "payment");
        session.put("status", "complete");
        session.put("payment_intent", paymentIntent);
        session.put("amount_total", 2990);
        session.put("currency", "usd");
        session.put("client_reference_id", externalId());
        ObjectNode metadata = session.putObject("metadata");
        metadata.put("product_id", "credits-400");
        if (orderNumber != null) {
            metadata.put("order_number", orderNumber);
        }
        return session;
    }

    private ObjectNode paymentIntent(String id, String orderNumber) {
        ObjectNode intent = StripeEvents.sample("payment_intent");
        intent.put("id", id);
        intent.put("status", "succeeded");
        intent.put("amount", 2990);
        intent.put("amount_received", 2990);
        intent.put("currency", "usd");
        ObjectNode metadata = intent.putObject("metadata");
        metadata.put("account_external_id", externalId());
        metadata.put("product_id", "credits-400");
        metadata.put("order_number", orderNumber);
        return intent;
    }

    private ObjectNode charge(String id, String paymentIntent) {
        ObjectNode charge = StripeEvents.sample("charge");
        charge.put("id", id);
        charge.put("payment_intent", paymentIntent);
        charge.put("amount", 2990);
        charge.put("currency", "usd");
        charge.putObject("metadata");
        return charge;
    }

    /** The order with this number as {@code GET /v1/orders/{id}} answers it: 404 when there is none. */
    private Api.Response order(String number) {
        JsonNode found = api.get("/v1/orders?order_number=" + number, tenant.secretKey()).body().get("data");
        return api.get("/v1/orders/" + (found.isEmpty() ? "none" : found.get(0).get("id").asString()),
                tenant.secretKey());
    }

    @Test
    void checkoutCompletedRecordsAndDeliversTheOrderOnceWhateverTheRetries() {
        ObjectNode session = checkoutSession("pi_A1", "S-1");
        Api.Response first = send("evt_checkout_1", "checkout.session.completed", session);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.text("outcome")).contains("recorded");
        Api.Response order = order("S-1");
        assertThat(order.text("status")).isEqualTo("delivered");
        assertThat(order.text("total")).isEqualTo("29.90");
        assertThat(order.body().get("charges").get(0).get("transaction_id").asString()).isEqualTo("pi_A1");
        assertThat(available(tenant, account)).isEqualTo(440);

        Api.Response replay = send("evt_checkout_1", "checkout.session.completed", session);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().get("duplicate").asBoolean()).isTrue();
        assertThat(available(tenant, account)).isEqualTo(440);
    }

    @Test
    void paymentEventsInAnyOrderMakeOneOrderWithOneCharge() {
        send("charge.succeeded", charge("ch_B1", "pi_B1"));
        send("payment_intent.succeeded", paymentIntent("pi_B1", "S-2"));
        send("checkout.session.completed", checkoutSession("pi_B1", "S-2"));
        send("charge.succeeded", charge("ch_B1", "pi_B1"));
        Api.Response order = order("S-2");
        assertThat(order.body().get("charges")).hasSize(1);
        assertThat(order.body().get("charges").get(0).get("provider_charge_id").asString()).isEqualTo("ch_B1");
        assertThat(order.number("duplicate_charges")).isZero();
        assertThat(available(tenant, account)).isEqualTo(440);
    }

    @Test
    void aSecondPaymentForTheSameOrderIsADuplicateCharge() {
        send("payment_intent.succeeded", paymentIntent("pi_C1", "S-3"));
        Api.Response second = send("payment_intent.succeeded", paymentIntent("pi_C2", "S-3"));
        assertThat(second.text("outcome")).contains("duplicate");
        Api.Response order = order("S-3");
        assertThat(order.number("duplicate_charges")).isEqualTo(1);
        assertThat(available(tenant, account)).isEqualTo(440);
    }

    @Test
    void badOrStaleSignaturesAre400AndRecordNothing() {
        String payload = StripeEvents.event("evt_bad", "payment_intent.succeeded", paymentIntent("pi_D1", "S-4"),
                clock.instant());
        Api.Response forged = api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload,
                Map.of("Stripe-Signature", StripeEvents.signature(payload, "whsec_other", clock.instant())));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.text("type")).endsWith("/invalid-signature");
        Api.Response stale = api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload,
                Map.of("Stripe-Signature", StripeEvents.signature(payload, SECRET, clock.instant().minus(Duration.ofMinutes(6)))));
        assertThat(stale.status()).isEqualTo(400);
        Api.Response unsigned = api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload);
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(order("S-4").status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from provider_events where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
        // and the very same event, signed properly, is then accepted
        assertThat(api.post("/v1/webhooks/stripe/" + tenant.id(), null, payload,
                Map.of("Stripe-Signature", StripeEvents.signature(payload, SECRET, clock.instant()))).status()).isEqualTo(200);
        assertThat(order("S-4").status()).isEqualTo(200);
    }

    @Test
    void anUnknownCustomerIsAcknowledgedAndIgnored() {
        ObjectNode intent = paymentIntent("pi_E1", "S-5");
        ((ObjectNode) intent.get("metadata")).put("account_external_id", "nobody");
        Api.Response response = send("payment_intent.succeeded", intent);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("outcome")).startsWith("ignored");
        assertThat(order("S-5").status()).isEqualTo(404);
        assertThat(api.post("/v1/webhooks/stripe/" + UUID.randomUUID(), null, "{}",
                Map.of("Stripe-Signature", "t=1,v1=00")).status()).isEqualTo(404);
    }

    @Test
    void refundsGoToStripeOnTheOriginalPaymentIntentAndSettleFromWebhooks() {
        send("payment_intent.succeeded", paymentIntent("pi_F1", "S-6"));
        String orderId = order("S-6").text("id");
        ObjectNode stripeRefund = StripeEvents.sample("refund");
        stripeRefund.put("id", "re_F1");
        stripeRefund.put("status", "pending");
        stripeRefund.put("amount", 1000);
        stripeRefund.put("payment_intent", "pi_F1");
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(okJson(stripeRefund.toString())));

        Api.Response refund = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId, "amount", "10.00",
                "reason", "goodwill"));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        assertThat(refund.text("status")).isEqualTo("requested");
        // the submitter is global: other tests' refunds may go with ours, so look at ours
        assertThat(submitter.run()).isPositive();
        Api.Response pending = api.get("/v1/refunds/" + refund.text("id"), tenant.adminKey());
        assertThat(pending.text("status")).isEqualTo("pending");
        assertThat(pending.text("provider_refund_id")).isEqualTo("re_F1");
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("creditdesk-refund-" + refund.text("id")))
                .withHeader("Authorization", equalTo("Bearer sk_test_123"))
                .withRequestBody(containing("payment_intent=pi_F1"))
                .withRequestBody(containing("amount=1000")));

        ObjectNode refunded = charge("ch_F1", "pi_F1");
        refunded.put("amount_refunded", 1000);
        stripeRefund.put("status", "succeeded");
        ((ObjectNode) refunded.get("refunds")).putArray("data").add(stripeRefund);
        send("charge.refunded", refunded);
        assertThat(api.get("/v1/refunds/" + refund.text("id"), tenant.adminKey()).text("status")).isEqualTo("succeeded");
        Api.Response order = order("S-6");
        assertThat(order.text("status")).isEqualTo("partially_refunded");
        assertThat(order.text("refunded")).isEqualTo("10.00");

        // a late "pending" update does not take a settled refund back
        stripeRefund.put("status", "pending");
        send("refund.updated", stripeRefund);
        assertThat(api.get("/v1/refunds/" + refund.text("id"), tenant.adminKey()).text("status")).isEqualTo("succeeded");
        assertThat(order("S-6").text("refunded")).isEqualTo("10.00");

        Api.Response tooMuch = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId, "amount", "19.91",
                "reason", "more"));
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.errorField()).isEqualTo("amount");
        assertThat(api.get("/v1/orders/" + orderId + "/refunds", tenant.adminKey()).body().get("data")).hasSize(1);
    }

    @Test
    void aStripeOutageIsRetriedLaterWithTheSameIdempotencyKey() {
        send("payment_intent.succeeded", paymentIntent("pi_G1", "S-7"));
        String orderId = order("S-7").text("id");
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"down\"}}")));
        String refundId = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId, "amount", "29.90",
                "reason", "outage")).text("id");
        submitter.run();
        Api.Response waiting = api.get("/v1/refunds/" + refundId, tenant.adminKey());
        assertThat(waiting.text("status")).isEqualTo("requested");
        assertThat(waiting.number("attempts")).isEqualTo(1);

        ObjectNode stripeRefund = StripeEvents.sample("refund");
        stripeRefund.put("id", "re_G1");
        stripeRefund.put("status", "succeeded");
        stripeRefund.put("amount", 2990);
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(okJson(stripeRefund.toString())));
        submitter.run(); // not due yet: ours waits for its backoff
        assertThat(api.get("/v1/refunds/" + refundId, tenant.adminKey()).number("attempts")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(submitter.run()).isPositive();
        assertThat(api.get("/v1/refunds/" + refundId, tenant.adminKey()).text("status")).isEqualTo("succeeded");
        assertThat(order("S-7").text("status")).isEqualTo("refunded");
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("creditdesk-refund-" + refundId)));
    }

    @Test
    void aRefundMadeInStripesDashboardIsRecorded() {
        send("payment_intent.succeeded", paymentIntent("pi_H1", "S-8"));
        ObjectNode refunded = charge("ch_H1", "pi_H1");
        ObjectNode dashboardRefund = StripeEvents.sample("refund");
        dashboardRefund.put("id", "re_dashboard");
        dashboardRefund.put("status", "succeeded");
        dashboardRefund.put("amount", 2990);
        ((ObjectNode) refunded.get("refunds")).putArray("data").add(dashboardRefund);
        send("charge.refunded", refunded);
        send("charge.refunded", refunded);
        assertThat(order("S-8").text("status")).isEqualTo("refunded");
        assertThat(order("S-8").text("refunded")).isEqualTo("29.90");
    }

    @Test
    void subscriptionsStartRenewAndEndFromStripe() {
        ObjectNode first = StripeEvents.sample("invoice");
        first.put("id", "in_1");
        first.put("number", "INV-1");
        first.put("subscription", "sub_1");
        first.put("billing_reason", "subscription_create");
        first.put("status", "paid");
        first.put("amount_paid", 1900);
        first.put("payment_intent", "pi_sub_1");
        first.put("currency", "usd");
        ObjectNode period = ((ObjectNode) first.get("lines").get("data").get(0)).putObject("period");
        period.put("start", clock.instant().getEpochSecond());
        period.put("end", clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
        ObjectNode details = first.putObject("subscription_details").putObject("metadata");
        details.put("account_external_id", externalId());
        details.put("plan_id", "pro");
        Api.Response started = send("invoice.paid", first);
        assertThat(started.text("outcome")).as(started.toString()).contains("started");
        assertThat(available(tenant, account)).isEqualTo(1000);

        ObjectNode second = first.deepCopy();
        second.put("id", "in_2");
        second.put("number", "INV-2");
        second.put("billing_reason", "subscription_cycle");
        second.put("payment_intent", "pi_sub_2");
        assertThat(send("invoice.paid", second).text("outcome")).contains("renewed");
        assertThat(send("invoice.paid", second).text("outcome")).contains("already recorded");
        assertThat(order("INV-2").text("kind")).isEqualTo("subscription_period");

        ObjectNode deleted = StripeEvents.sample("subscription");
        deleted.put("id", "sub_1");
        deleted.put("status", "canceled");
        assertThat(send("customer.subscription.deleted", deleted).text("outcome")).isEqualTo("subscription ended");
    }

    private static ObjectNode dispute(String id, String paymentIntent, String status) {
        ObjectNode dispute = StripeEvents.sample("dispute");
        dispute.put("id", id);
        dispute.put("payment_intent", paymentIntent);
        dispute.put("amount", 2990);
        dispute.put("currency", "usd");
        dispute.put("status", status);
        return dispute;
    }

    @Test
    void aStripeDisputeSuspendsUnderThePolicyAndReplayedOrLateEventsChangeNothing() {
        assertThat(api.post("/v1/policies/case-review/activate", tenant.adminKey(), null).status()).isEqualTo(200);
        send("payment_intent.succeeded", paymentIntent("pi_J1", "S-9"));
        ObjectNode dispute = dispute("dp_J1", "pi_J1", "needs_response");
        dispute.put("reason", "fraudulent");
        Api.Response created = send("evt_dispute_J1", "charge.dispute.created", dispute);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.text("outcome")).contains("on order");
        Api.Response disputes = api.get("/v1/disputes?account_id=" + account, tenant.supportKey());
        assertThat(disputes.body().get("data")).hasSize(1);
        JsonNode opened = disputes.body().get("data").get(0);
        assertThat(opened.get("provider_dispute_id").asString()).isEqualTo("dp_J1");
        assertThat(opened.get("outcome").asString()).isEqualTo("open");
        assertThat(opened.get("amount").asString()).isEqualTo("29.90");
        assertThat(opened.get("suspensions").findValuesAsString("kind"))
                .containsExactlyInAnyOrder("credits", "download", "access");
        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("suspended")).isEqualTo(440);
        assertThat(balance.number("available")).isZero();

        // Stripe sends the same event again: acknowledged, nothing changes
        assertThat(send("evt_dispute_J1", "charge.dispute.created", dispute).status()).isEqualTo(200);
        assertThat(api.get("/v1/disputes?account_id=" + account, tenant.supportKey()).body().get("data")).hasSize(1);

        dispute.put("status", "won");
        send("charge.dispute.closed", dispute);
        assertThat(jdbc.sql("select status from provider_disputes where tenant_id = :t and provider_dispute_id = 'dp_J1'")
                .param("t", tenant.id()).query(String.class).single()).isEqualTo("won");
        String id = opened.get("id").asString();
        assertThat(api.get("/v1/disputes/" + id, tenant.supportKey()).text("outcome")).isEqualTo("won");
        assertThat(api.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("available"))
                .isEqualTo(440);
        assertThat(api.get("/v1/accounts/" + account + "/entitlements", tenant.secretKey()).body().get("access")
                .asBoolean()).isTrue();

        // a late update from before the close does not reopen it
        dispute.put("status", "under_review");
        assertThat(send("charge.dispute.updated", dispute).status()).isEqualTo(200);
        assertThat(api.get("/v1/disputes/" + id, tenant.supportKey()).text("outcome")).isEqualTo("won");
        assertThat(api.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("suspended")).isZero();
    }

    @Test
    void aStripeDisputeFirstSeenClosedAsLostStillChargesTheOrderBack() {
        send("payment_intent.succeeded", paymentIntent("pi_J2", "S-10"));
        send("charge.dispute.closed", dispute("dp_J2", "pi_J2", "lost"));
        String orderId = api.get("/v1/disputes?account_id=" + account, tenant.supportKey()).body().get("data").get(0)
                .get("order_id").asString();
        assertThat(api.get("/v1/orders/" + orderId, tenant.secretKey()).text("status")).isEqualTo("charged_back");
        assertThat(api.get("/v1/accounts/" + account + "/balance", tenant.secretKey()).number("available")).isZero();
    }

    @Test
    void aDisputeOnAChargeThatIsNotOursIsAcknowledgedAndOnlyKept() {
        ObjectNode dispute = dispute("dp_J3", "pi_unknown", "needs_response");
        dispute.put("charge", "ch_unknown");
        Api.Response response = send("charge.dispute.created", dispute);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("outcome")).contains("unknown");
        assertThat(api.get("/v1/disputes?account_id=" + account, tenant.supportKey()).body().get("data")).isEmpty();
    }

    @Test
    void manualRefundsWaitForAnOperatorToMarkThemSent() {
        String orderId = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "M-1",
                "product_id", "credits-400", "currency", "USD", "net", "29.90", "total", "29.90",
                "charge", Map.of("provider", "manual", "transaction_id", "bank-1"))).text("id");
        String refundId = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId, "amount", "29.90",
                "reason", "customer asked")).text("id");
        submitter.run();
        assertThat(api.get("/v1/refunds/" + refundId, tenant.adminKey()).text("status")).isEqualTo("pending");
        assertThat(api.post("/v1/refunds/" + refundId + "/mark-sent", tenant.supportKey(), null).status()).isEqualTo(403);
        Api.Response sent = api.post("/v1/refunds/" + refundId + "/mark-sent", tenant.adminKey(), null);
        assertThat(sent.text("status")).isEqualTo("succeeded");
        assertThat(api.get("/v1/orders/" + orderId, tenant.secretKey()).text("status")).isEqualTo("refunded");
        assertThat(api.post("/v1/refunds/" + refundId + "/mark-sent", tenant.adminKey(), null).status()).isEqualTo(409);
    }
}
