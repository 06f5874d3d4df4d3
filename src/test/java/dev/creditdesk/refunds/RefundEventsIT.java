package dev.creditdesk.refunds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.EventFeed;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.StripeServer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What refund requests and refunds announce, read back from {@code GET /v1/events}: each case's
 * life (created, information needed, decided, withdrawn, reopened), the refund's outcome, the
 * credits the remedies moved; nothing for a replayed request or a decision that was rolled back.
 */
class RefundEventsIT extends IntegrationTest {

    @Autowired
    RefundSubmitter submitter;

    private TestTenant tenant;
    private UUID account;
    private EventFeed feed;

    private void tenantWithPolicy(String policy) {
        tenant = newTenant(policy, Map.of("timezone", "UTC", "support_email", "help@example.com"));
        account = newAccount(tenant);
        feed = new EventFeed(api, tenant.secretKey());
    }

    /** An order of 400 credits for 29.90 bought an hour ago, paid through {@code provider}. */
    private String order(String number, String provider) {
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", number, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", clock.instant().minus(Duration.ofHours(1)).toString(),
                "charge", Map.of("provider", provider, "transaction_id", "pi_" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return order.text("id");
    }

    private Map<String, Object> request(String number, String category, List<String> evidence) {
        return Map.of("email", "customer@example.com", "order_number", number, "purchase_date",
                clock.instant().minus(Duration.ofHours(1)).atZone(ZoneId.of("UTC")).toLocalDate().toString(),
                "category", category, "reason", "please", "evidence_kinds", evidence);
    }

    private Api.Response submit(Map<String, Object> body, String idempotencyKey) {
        Api.Response submitted = api.post("/v1/refund-requests", tenant.secretKey(), body,
                Map.of("Idempotency-Key", idempotencyKey));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        return submitted;
    }

    @Test
    void aCaseNeedingInformationThenDecidedByAPersonAndItsManualRefundSent() {
        tenantWithPolicy("exceptions-only");
        order("E-1", "manual");
        EventFeed.Mark mark = feed.mark();
        Map<String, Object> fraud = request("E-1", "fraud", List.of());
        Api.Response asked = submit(fraud, "r-1");
        assertThat(submit(fraud, "r-1").body()).as("the replay").isEqualTo(asked.body());
        assertThat(asked.text("status")).isEqualTo("awaiting_information");
        List<EventFeed.Recorded> intake = feed.since(mark);
        assertThat(intake).extracting(EventFeed.Recorded::type)
                .containsExactly("refund_request.created", "refund_request.information_needed");
        feed.assertLatestMatchGet(intake);

        mark = feed.mark();
        String id = asked.text("id");
        Api.Response answered = api.post("/v1/refund-requests/" + id + "/information", tenant.secretKey(),
                Map.of("information", "here is the police report", "evidence_kinds", List.of("police_report")));
        assertThat(answered.text("status")).as(answered.toString()).isEqualTo("in_review");
        assertThat(feed.typesSince(mark)).as("back in review is nothing the product must act on").isEmpty();

        Api.Response decided = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(),
                Map.of("decision", "approve"));
        assertThat(decided.text("status")).as(decided.toString()).isEqualTo("approved");
        List<EventFeed.Recorded> decision = feed.since(mark);
        assertThat(decision).extracting(EventFeed.Recorded::type)
                .containsExactly("credits.removed", "refund_request.decided");
        assertThat(decision.get(1).object()).isEqualTo(decided.body());
        feed.assertLatestMatchGet(decision);

        mark = feed.mark();
        Jobs.drain(submitter::run); // global: other tests' refunds may be ahead of this one
        String refund = decided.text("refund_id");
        assertThat(api.get("/v1/refunds/" + refund, tenant.adminKey()).text("status")).isEqualTo("pending");
        Api.Response sent = api.post("/v1/refunds/" + refund + "/mark-sent", tenant.adminKey(), null);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(api.post("/v1/refunds/" + refund + "/mark-sent", tenant.adminKey(), null).status()).isEqualTo(409);
        List<EventFeed.Recorded> paid = feed.since(mark);
        assertThat(paid).extracting(EventFeed.Recorded::type).containsExactly("refund.succeeded");
        assertThat(paid.get(0).object()).isEqualTo(sent.body());
        feed.assertLatestMatchGet(paid);
    }

    @Test
    void aCaseThePolicyRejectsAloneIsCreatedThenDecided() {
        tenantWithPolicy("exceptions-only");
        order("E-2", "manual");
        EventFeed.Mark mark = feed.mark();
        Api.Response rejected = submit(request("E-2", "change_of_mind", List.of()), "r-2");
        assertThat(rejected.text("status")).isEqualTo("rejected");
        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type)
                .containsExactly("refund_request.created", "refund_request.decided");
        assertThat(events.get(1).object()).isEqualTo(rejected.body());
        feed.assertLatestMatchGet(events);
    }

    @Test
    void aDecisionRolledBackAnnouncesNothingAndAWithdrawalIsAnnounced() {
        tenantWithPolicy("exceptions-only");
        order("E-3", "manual");
        String id = submit(request("E-3", "quality", List.of()), "r-3").text("id");
        EventFeed.Mark mark = feed.mark();
        // the replacement credits are granted first, then the refund is refused: the decision rolls back whole
        Api.Response refused = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(),
                Map.of("decision", "approve", "remedies", List.of(Map.of("type", "replacement_credits", "credits", 100),
                        Map.of("type", "refund", "amount", "999.00"))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(available(tenant, account)).isEqualTo(400);
        assertThat(feed.typesSince(mark)).isEmpty();

        Api.Response withdrawn = api.post("/v1/refund-requests/" + id + "/withdraw", tenant.secretKey(), null);
        assertThat(withdrawn.text("status")).as(withdrawn.toString()).isEqualTo("withdrawn");
        List<EventFeed.Recorded> events = feed.since(mark);
        assertThat(events).extracting(EventFeed.Recorded::type).containsExactly("refund_request.withdrawn");
        feed.assertLatestMatchGet(events);
    }

    @Test
    void aRefundTheProviderFailsReopensItsCaseAndGivesTheCreditsBack() {
        tenantWithPolicy("tiered-usage");
        api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_1",
                "stripe_webhook_secret", "whsec_1"));
        String order = order("T-1", "stripe");
        EventFeed.Mark mark = feed.mark();
        Api.Response approved = submit(request("T-1", "change_of_mind", List.of()), "r-4");
        assertThat(approved.text("status")).isEqualTo("approved");
        List<EventFeed.Recorded> decided = feed.since(mark);
        assertThat(decided).extracting(EventFeed.Recorded::type)
                .containsExactly("credits.removed", "refund_request.created", "refund_request.decided");
        feed.assertLatestMatchGet(decided);

        WireMockServer stripe = StripeServer.server();
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"card_declined\"}}")));
        mark = feed.mark();
        submitter.run();
        List<EventFeed.Recorded> failed = feed.since(mark);
        assertThat(failed).extracting(EventFeed.Recorded::type)
                .containsExactly("refund.failed", "refund_request.reopened", "credits.restored");
        assertThat(failed.get(0).objectId()).isEqualTo(approved.text("refund_id"));
        assertThat(failed.get(1).object().get("status").asString()).isEqualTo("in_review");
        assertThat(failed.get(2).object().get("order_id").asString()).isEqualTo(order);
        assertThat(failed.get(2).object().get("available").asLong()).isEqualTo(400);
        feed.assertLatestMatchGet(failed);
        assertThat(Instant.parse(failed.get(1).object().get("due_at").asString())).isAfter(clock.instant());
    }
}
