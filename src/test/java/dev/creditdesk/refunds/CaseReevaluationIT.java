package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Proposals do not go stale (finding 17): evidence uploaded later, an outage recorded later and a
 * chargeback settled later evaluate the open case again, as does support asking; every proposal
 * is kept, and every move of the case is in its history.
 */
class CaseReevaluationIT extends IntegrationTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final byte[] PDF = "%PDF-1.4 police report".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TestTenant tenant;
    private Instant purchasedAt;
    private String orderId;

    private Api.Response request(String policy, Duration ago, String category) {
        tenant = newTenant(policy, Map.of());
        UUID account = newAccount(tenant);
        purchasedAt = clock.instant().minus(ago);
        orderId = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "R-1",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID()))).text("id");
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", "customer@example.com", "order_number", "R-1",
                "purchase_date", purchasedAt.atZone(NY).toLocalDate().toString(), "category", category,
                "reason", "please"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        return request;
    }

    private List<String> triggers(String id) {
        return api.get("/v1/refund-requests/" + id + "/proposals", tenant.supportKey()).body().get("data")
                .findValuesAsString("trigger");
    }

    @Test
    void evidenceUploadedLaterEvaluatesTheCaseAgain() {
        Api.Response request = request("exceptions-only", Duration.ofDays(1), "fraud");
        String id = request.text("id");
        assertThat(request.text("status")).isEqualTo("awaiting_information");
        assertThat(request.body().get("proposal").get("rule").asString()).isEqualTo("fraud-without-proof");

        Api.Response upload = api.postBytes("/v1/refund-requests/" + id + "/evidence?kind=police_report",
                tenant.secretKey(), "application/pdf", PDF);
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);

        Api.Response now = api.get("/v1/refund-requests/" + id, tenant.supportKey());
        assertThat(now.body().get("proposal").get("rule").asString()).isEqualTo("fraud-with-proof");
        assertThat(now.text("outcome")).isEqualTo("full_refund");
        assertThat(now.text("status")).as("a person decides the money").isEqualTo("in_review");
        assertThat(triggers(id)).containsExactly("received", "evidence uploaded (police report)");
        assertThat(api.get("/v1/refund-requests/" + id + "/history", tenant.supportKey()).body().get("data")
                .findValuesAsString("to")).containsExactly("awaiting_information", "in_review");
    }

    @Test
    void anOutageRecordedLaterEvaluatesTheCaseAgain() {
        String id = request("exceptions-only", Duration.ofDays(3), "quality").text("id");
        assertThat(api.get("/v1/refund-requests/" + id, tenant.supportKey()).text("outcome")).isEqualTo("needs_review");
        Api.Response incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "Workers down",
                "scope", "full", "started_at", purchasedAt.plus(Duration.ofHours(1)).toString(),
                "ended_at", purchasedAt.plus(Duration.ofHours(31)).toString()));
        assertThat(incident.status()).as(incident.toString()).isEqualTo(201);

        Api.Response now = api.get("/v1/refund-requests/" + id, tenant.supportKey());
        assertThat(now.body().get("proposal").get("rule").asString()).isEqualTo("service-unavailable");
        assertThat(now.text("status")).isEqualTo("in_review");
        assertThat(triggers(id)).containsExactly("received", "outage recorded (Workers down)");
    }

    @Test
    void aChargebackLostLaterShowsOnTheProposalAndAPersonMayAskAgain() {
        String id = request("case-review", Duration.ofDays(1), "billing_error").text("id");
        Api.Response lost = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", orderId,
                "reason", "fraudulent", "status", "lost"));
        assertThat(lost.status()).as(lost.toString()).isEqualTo(201);
        // case-review proposes no amount, so the money does not change its proposal; support asks again anyway
        Api.Response again = api.post("/v1/refund-requests/" + id + "/evaluate", tenant.supportKey(), null);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(triggers(id)).containsExactly("received", "chargeback lost", "asked again");
        assertThat(api.post("/v1/refund-requests/" + id + "/evaluate", tenant.secretKey(), null).status())
                .isEqualTo(403);
    }

    @Test
    void aRefundProposedAloneIsHeldForAPersonWhileAChargebackIsOpen() {
        String id = request("exceptions-only", Duration.ofDays(1), "fraud").text("id");
        Api.Response dispute = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", orderId,
                "reason", "fraudulent"));
        assertThat(dispute.status()).as(dispute.toString()).isEqualTo(201);
        api.postBytes("/v1/refund-requests/" + id + "/evidence?kind=police_report", tenant.secretKey(),
                "application/pdf", PDF);
        Api.Response now = api.get("/v1/refund-requests/" + id, tenant.supportKey());
        assertThat(now.body().get("proposal").get("blocked").asString()).contains("chargeback");
        assertThat(now.text("status")).isEqualTo("in_review");
    }
}
