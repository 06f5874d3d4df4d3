package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Intake and evaluation of refund requests with the shipped policies. */
class RefundRequestsIT extends IntegrationTest {

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    @Autowired
    BusinessCalendar calendar;

    private TestTenant tenant;
    private UUID account;
    private Instant purchasedAt;

    private void tenantWithPolicy(String policy) {
        tenant = newTenant(policy, Map.of("timezone", "America/Los_Angeles"));
        account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-1", "email", "Ada@Example.com")).text("id"));
        purchasedAt = clock.instant().minus(Duration.ofDays(2));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "A-1001", "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(), "charge", Map.of("provider", "stripe", "transaction_id", "pi_A1")));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
    }

    private void use(long credits) {
        String task = reserve(tenant, account, credits).text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", credits));
    }

    private Map<String, Object> intake(String category) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", "ada@example.com");
        body.put("order_number", "A-1001");
        body.put("purchase_date", purchasedAt.atZone(LA).toLocalDate().toString());
        body.put("category", category);
        body.put("reason", "I would like my money back");
        return body;
    }

    @Test
    void theSeedsExampleIsApprovedAutomaticallyWithItsProposal() {
        tenantWithPolicy("tiered-usage");
        use(100);
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), intake("change_of_mind"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(request.text("outcome")).isEqualTo("partial_refund");
        assertThat(request.text("proposed_amount")).isEqualTo("22.43");
        assertThat(request.text("policy_id")).isEqualTo("tiered-usage");
        assertThat(request.text("policy_version")).isEqualTo("2026-02-04");
        assertThat(request.body().get("proposal").get("credits_to_remove").asLong()).isEqualTo(300);
        assertThat(request.body().get("proposal").get("cite").asString()).startsWith("2. Proportional Refund");
        assertThat(request.body().get("proposal").get("trace")).hasSize(4);
        assertThat(api.get("/v1/refund-requests/" + request.text("id"), tenant.supportKey()).text("status"))
                .isEqualTo("approved");
    }

    @Test
    void onDay8ItIsRejectedCitingTheWindow() {
        tenantWithPolicy("tiered-usage");
        clock.advance(Duration.ofDays(6));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), intake("change_of_mind"));
        assertThat(request.text("status")).isEqualTo("rejected");
        assertThat(request.body().get("proposal").get("rule").asString()).isEqualTo("request-window");
        assertThat(request.body().get("proposal").get("cite").asString()).startsWith("3. No Refund");
    }

    @Test
    void aMismatchedEmailAnswersExactlyAsAnUnknownOrder() {
        tenantWithPolicy("tiered-usage");
        Map<String, Object> wrongEmail = intake("change_of_mind");
        wrongEmail.put("email", "mallory@example.com");
        Map<String, Object> unknownOrder = intake("change_of_mind");
        unknownOrder.put("order_number", "A-9999");
        Api.Response mismatch = api.post("/v1/refund-requests", tenant.secretKey(), wrongEmail);
        Api.Response unknown = api.post("/v1/refund-requests", tenant.secretKey(), unknownOrder);
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(mismatch.text("detail")).isEqualTo(unknown.text("detail"));
        assertThat(mismatch.errorField()).isEqualTo("order_number");
        assertThat(api.get("/v1/refund-requests", tenant.supportKey()).body().get("data")).isEmpty();
    }

    @Test
    void thePurchaseDateMustMatchInTheTenantsTimezone() {
        tenantWithPolicy("tiered-usage");
        Map<String, Object> body = intake("change_of_mind");
        body.put("purchase_date", purchasedAt.atZone(LA).toLocalDate().minusDays(1).toString());
        Api.Response response = api.post("/v1/refund-requests", tenant.secretKey(), body);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorField()).isEqualTo("purchase_date");
    }

    @Test
    void theTransactionIdFindsTheOrderToo() {
        tenantWithPolicy("tiered-usage");
        Map<String, Object> body = intake("change_of_mind");
        body.remove("order_number");
        body.put("transaction_id", "pi_A1");
        Api.Response response = api.post("/v1/refund-requests", tenant.secretKey(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.text("outcome")).isEqualTo("full_refund");
        assertThat(response.text("proposed_amount")).isEqualTo("29.90");
    }

    @Test
    void missingFieldsAreAllNamed() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        tenantWithPolicy("tiered-usage");
        Api.Response response = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("category", "vibes",
                "purchase_date", "yesterday"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("email", "order_number", "purchase_date", "category", "reason");
    }

    @Test
    void fraudWithoutProofWaitsForInformation() {
        tenantWithPolicy("exceptions-only");
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), intake("fraud"));
        assertThat(request.text("status")).isEqualTo("awaiting_information");
        assertThat(request.body().get("proposal").get("missing").get(0).asString())
                .isEqualTo("police_report_or_bank_proof");
        Map<String, Object> withProof = intake("fraud");
        withProof.put("evidence_kinds", List.of("police_report"));
        assertThat(api.post("/v1/refund-requests", tenant.secretKey(), withProof).text("status")).isEqualTo("in_review");
    }

    @Test
    void theCustomersAnswerIsEvaluatedAgain() {
        tenantWithPolicy("exceptions-only");
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), intake("fraud"));
        assertThat(request.text("status")).isEqualTo("awaiting_information");
        String answer = "/v1/refund-requests/" + request.text("id") + "/information";
        assertThat(api.unvalidatedRequest().post(answer, tenant.secretKey(), Map.of("evidence_kinds",
                List.of("police_report"))).errorField())
                .isEqualTo("information");
        Api.Response answered = api.post(answer, tenant.secretKey(), Map.of("information", "the police report is attached",
                "evidence_kinds", List.of("police_report")));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        assertThat(answered.text("status")).isEqualTo("in_review");
        assertThat(answered.body().get("proposal").get("rule").asString()).isEqualTo("fraud-with-proof");
        assertThat(answered.body().get("evidence_kinds").get(0).asString()).isEqualTo("police_report");
        assertThat(answered.text("due_at")).isNotNull();
        assertThat(api.post(answer, tenant.secretKey(), Map.of("information", "again")).status()).isEqualTo(409);
    }

    @Test
    void evidenceIsKeptWithItsChecksumWithinTypeAndSizeLimits() throws Exception {
        tenantWithPolicy("case-review");
        String id = api.post("/v1/refund-requests", tenant.secretKey(), intake("billing_error")).text("id");
        byte[] png = new byte[2048];
        new java.util.Random(7).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
        String upload = "/v1/refund-requests/" + id + "/evidence?kind=screenshot&filename=charge.png";
        Api.Response stored = api.postBytes(upload, tenant.secretKey(), "image/png", png);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.number("size_bytes")).isEqualTo(2048);
        assertThat(stored.text("sha256")).isEqualTo(java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png)));
        assertThat(api.get("/v1/refund-requests/" + id + "/evidence", tenant.supportKey()).body().get("data")).hasSize(1);
        assertThat(api.getBytes("/v1/refund-requests/" + id + "/evidence/" + stored.text("id"), tenant.supportKey()))
                .isEqualTo(png);
        assertThat(api.get("/v1/refund-requests/" + id, tenant.supportKey()).body().get("evidence_kinds").get(0).asString())
                .isEqualTo("screenshot");

        assertThat(api.postBytes(upload, tenant.secretKey(), "text/html", png).status()).isEqualTo(415);
        assertThat(api.postBytes(upload, tenant.secretKey(), "image/png", new byte[5 * 1_048_576 + 1]).status())
                .isEqualTo(413);
        assertThat(api.postBytes("/v1/refund-requests/" + id + "/evidence?kind=Bad%20Kind", tenant.secretKey(),
                "image/png", png).errorField()).isEqualTo("evidence_kinds");
        assertThat(api.get("/v1/refund-requests/" + id + "/evidence", tenant.supportKey()).body().get("data")).hasSize(1);

        TestTenant owner = tenant;
        tenantWithPolicy("case-review");
        assertThat(api.postBytes(upload, tenant.secretKey(), "image/png", png).status()).isEqualTo(404);
        api.post("/v1/refund-requests/" + id + "/withdraw", owner.secretKey(), null);
        assertThat(api.postBytes(upload, owner.secretKey(), "image/png", png).status()).isEqualTo(409);
    }

    @Test
    void anOpenCaseCanBeWithdrawnOnce() {
        tenantWithPolicy("case-review");
        String id = api.post("/v1/refund-requests", tenant.secretKey(), intake("billing_error")).text("id");
        Api.Response withdrawn = api.post("/v1/refund-requests/" + id + "/withdraw", tenant.secretKey(), null);
        assertThat(withdrawn.text("status")).isEqualTo("withdrawn");
        assertThat(api.post("/v1/refund-requests/" + id + "/withdraw", tenant.secretKey(), null).status()).isEqualTo(409);
        assertThat(api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(),
                Map.of("decision", "reject", "note", "x")).status()).isEqualTo(409);
    }

    @Test
    void reviewedCasesAreDueAfterTheSlaInBusinessDaysAndFlaggedWhenOverdue() {
        tenantWithPolicy("case-review");
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), intake("billing_error"));
        assertThat(request.text("status")).isEqualTo("in_review");
        assertThat(request.body().get("proposal").get("rule").asString()).isEqualTo("verifiable-error");
        Instant due = Instant.parse(request.text("due_at"));
        assertThat(due).isEqualTo(calendar.addBusinessDays(Instant.parse(request.text("received_at")), 3, LA, "US"));
        assertThat(request.body().get("overdue").asBoolean()).isFalse();

        Api.Response queue = api.get("/v1/refund-requests?status=in_review", tenant.supportKey());
        assertThat(queue.body().get("data")).hasSize(1);
        assertThat(api.get("/v1/refund-requests?status=approved", tenant.supportKey()).body().get("data")).isEmpty();
        assertThat(api.get("/v1/refund-requests?status=bogus", tenant.supportKey()).errorField()).isEqualTo("status");

        clock.moveTo(due.plusSeconds(60));
        Api.Response overdue = api.get("/v1/refund-requests?due_before=" + clock.instant(), tenant.supportKey());
        assertThat(overdue.body().get("data")).hasSize(1);
        assertThat(overdue.body().get("data").get(0).get("overdue").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantsRequestIsNotFound() {
        tenantWithPolicy("tiered-usage");
        String id = api.post("/v1/refund-requests", tenant.secretKey(), intake("change_of_mind")).text("id");
        TestTenant mine = tenant;
        tenantWithPolicy("tiered-usage");
        assertThat(api.get("/v1/refund-requests/" + id, tenant.supportKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/refund-requests/" + id, mine.supportKey()).status()).isEqualTo(200);
    }
}
