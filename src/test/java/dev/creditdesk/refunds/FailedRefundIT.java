package dev.creditdesk.refunds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.LedgerInvariants;
import dev.creditdesk.refunds.internal.CaseQueueMetrics;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.StripeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A refund the provider refuses sends its case back to the queue, where it can fall overdue, and gives the credits back. */
class FailedRefundIT extends IntegrationTest {

    @Autowired
    RefundSubmitter submitter;
    @Autowired
    Ledger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CaseQueueMetrics queueMetrics;

    @Test
    void aRefusedRefundReopensTheCaseAndTheOverdueMetricCountsIt() throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of("timezone", "America/Los_Angeles", "holiday_country", "US",
                "support_email", "help@example.com"));
        UUID tenantId = tenant.id();
        UUID account = newAccount(tenant);
        Api.Response request = changeOfMindOnAStripeOrder(tenant, account, "America/Los_Angeles", "F-1");
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(available(tenant, account)).as("the approval removed the order's credits").isZero();

        WireMockServer stripe = StripeServer.server();
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"charge_already_refunded\"}}")));
        assertThat(submitter.run()).isPositive(); // global: other tests' refunds may go too

        Api.Response reopened = api.get("/v1/refund-requests/" + request.text("id"), tenant.supportKey());
        assertThat(reopened.text("status")).isEqualTo("in_review");
        assertThat(reopened.body().get("decision").get("refund_failed").asString()).contains("charge_already_refunded");
        assertThat(api.get("/v1/refunds/" + request.text("refund_id"), tenant.adminKey()).text("status"))
                .isEqualTo("failed");
        // no money went back, so the credits do: as refundable credits of the same order
        assertThat(available(tenant, account)).isEqualTo(400);
        assertThat(ledger.orderCredits(tenantId, UUID.fromString(reopened.text("order_id"))).unused()).isEqualTo(400);
        assertThat(ledger.returnRemovedCredits(tenantId, UUID.fromString(reopened.text("order_id")),
                RefundRequests.removalReason(UUID.fromString(request.text("id")),
                        UUID.fromString(request.text("refund_id"))))).as("given back once").isZero();
        LedgerInvariants.check(jdbc, tenantId, clock.instant());

        clock.moveTo(Instant.parse(reopened.text("due_at")).plusSeconds(1));
        queueMetrics.refresh();
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + OPERATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        String line = metrics.body().lines()
                .filter(l -> l.startsWith("creditdesk_refund_requests_overdue{tenant=\"" + tenantId + "\""))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isEqualTo(1.0);
    }

    @Test
    void aCaseWhoseRefundFailsAgainGetsBackWhatEachApprovalRemoved() {
        TestTenant tenant = newTenant("tiered-usage", Map.of("timezone", "UTC", "support_email", "help@example.com"));
        UUID tenantId = tenant.id();
        UUID account = newAccount(tenant);
        Api.Response request = changeOfMindOnAStripeOrder(tenant, account, "UTC", "F-2");
        assertThat(request.text("status")).isEqualTo("approved");
        String id = request.text("id");
        UUID orderId = UUID.fromString(request.text("order_id"));
        WireMockServer stripe = StripeServer.server();
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"card_declined\"}}")));
        submitter.run();
        assertThat(available(tenant, account)).as("the first failure gives the 400 credits back").isEqualTo(400);

        // approved again while a task holds 100 credits: 300 are removed now, the 100 when the task fails
        String task = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 100))
                .text("id");
        Map<String, Object> approve = Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "29.90")));
        Api.Response second = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(), approve);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.text("refund_id")).isNotEqualTo(request.text("refund_id"));
        assertThat(api.post("/v1/tasks/" + task + "/fail", tenant.secretKey(), Map.of()).status()).isEqualTo(200);
        assertThat(available(tenant, account)).isZero();
        submitter.run();
        assertThat(api.get("/v1/refund-requests/" + id, tenant.supportKey()).text("status")).isEqualTo("in_review");
        assertThat(available(tenant, account)).as("the second failure gives back what the second approval removed")
                .isEqualTo(400);

        // a third round: what the second closing took back (the task's 100) is not given back twice
        Api.Response third = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(), approve);
        assertThat(third.status()).as(third.toString()).isEqualTo(200);
        assertThat(available(tenant, account)).isZero();
        submitter.run();
        assertThat(available(tenant, account)).isEqualTo(400);
        assertThat(ledger.orderCredits(tenantId, orderId).unused()).isEqualTo(400);
        LedgerInvariants.check(jdbc, tenantId, clock.instant());
    }

    /** A Stripe-paid order of 400 credits bought yesterday, and a change-of-mind request the policy approves. */
    private Api.Response changeOfMindOnAStripeOrder(TestTenant tenant, UUID account, String zone, String orderNumber) {
        api.post("/v1/payment-settings", tenant.adminKey(), Map.of("stripe_api_key", "sk_test_1",
                "stripe_webhook_secret", "whsec_1"));
        String email = api.get("/v1/accounts/" + account, tenant.secretKey()).text("email");
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", orderNumber,
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "stripe", "transaction_id", "pi_F" + UUID.randomUUID())));
        return api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", orderNumber, "purchase_date", purchasedAt.atZone(ZoneId.of(zone)).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "changed my mind"));
    }
}
