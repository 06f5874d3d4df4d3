package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What approving a case does: money to the original payment method and credits out, in one transaction. */
class RefundDecisionsIT extends IntegrationTest {

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    private TestTenant tenant;
    private UUID account;
    private Instant purchasedAt;
    private String orderId;

    private void tenantWithPolicy(String policy) {
        tenant = newTenant(policy, Map.of("timezone", "America/Los_Angeles"));
        account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c-1", "email", "ada@example.com")).text("id"));
        purchasedAt = clock.instant().minus(Duration.ofDays(2));
        orderId = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "A-1",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-1"))).text("id");
    }

    private String use(long credits) {
        String task = reserve(tenant, account, credits).text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", credits));
        return task;
    }

    private Api.Response request(String category, String taskId) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", "ada@example.com");
        body.put("order_number", "A-1");
        body.put("purchase_date", purchasedAt.atZone(LA).toLocalDate().toString());
        body.put("category", category);
        body.put("reason", "please");
        if (taskId != null) {
            body.put("task_id", taskId);
        }
        Api.Response response = api.post("/v1/refund-requests", tenant.secretKey(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    @Test
    void anAutomaticPartialRefundSendsTheMoneyAndRemovesTheCreditsItPaysFor() {
        tenantWithPolicy("tiered-usage");
        use(100);
        Api.Response request = request("change_of_mind", null);
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(request.text("decided_by")).isEqualTo("policy");
        Api.Response refund = api.get("/v1/refunds/" + request.text("refund_id"), tenant.adminKey());
        assertThat(refund.text("amount")).isEqualTo("22.43");
        assertThat(refund.text("status")).isEqualTo("requested");
        assertThat(available(tenant, account)).isZero();
    }

    @Test
    void anAutomaticFullRefundRemovesWhatIsLeftOfTheOrder() {
        tenantWithPolicy("tiered-usage");
        use(40);
        grant(tenant, account, 7);
        Api.Response request = request("change_of_mind", null);
        assertThat(request.text("outcome")).isEqualTo("full_refund");
        assertThat(api.get("/v1/refunds/" + request.text("refund_id"), tenant.adminKey()).text("amount"))
                .isEqualTo("29.90");
        assertThat(available(tenant, account)).isEqualTo(7);
    }

    @Test
    void aDuplicateChargeIsRefundedAndTheOrderKeepsItsCredits() {
        tenantWithPolicy("exceptions-only");
        api.post("/v1/orders/" + orderId + "/charges", tenant.secretKey(),
                Map.of("provider", "manual", "transaction_id", "bank-1-again"));
        use(100);
        Api.Response request = request("duplicate_charge", null);
        assertThat(request.text("status")).isEqualTo("approved");
        assertThat(request.body().get("proposal").get("rule").asString()).isEqualTo("duplicate-charge");
        Api.Response refund = api.get("/v1/refunds/" + request.text("refund_id"), tenant.adminKey());
        assertThat(refund.text("amount")).isEqualTo("29.90");
        String duplicateCharge = api.get("/v1/orders/" + orderId, tenant.secretKey()).body().get("charges").get(1)
                .get("id").asString();
        assertThat(refund.text("charge_id")).isEqualTo(duplicateCharge);
        assertThat(available(tenant, account)).isEqualTo(300);
    }

    @Test
    void aReviewDueDateSkipsAWeekendAndAPublicHoliday() {
        // the Wednesday before the next Thanksgiving (fourth Thursday of November), 12:00 in Los Angeles
        int year = clock.instant().atZone(LA).getYear();
        java.time.LocalDate thanksgiving;
        do {
            thanksgiving = java.time.LocalDate.of(year++, 11, 1)
                    .with(java.time.temporal.TemporalAdjusters.dayOfWeekInMonth(4, java.time.DayOfWeek.THURSDAY));
        } while (!thanksgiving.minusDays(1).atTime(12, 0).atZone(LA).toInstant().isAfter(clock.instant()));
        clock.moveTo(thanksgiving.minusDays(1).atTime(12, 0).atZone(LA).toInstant());
        tenantWithPolicy("case-review");
        Api.Response request = request("billing_error", null);
        // 3 business days: Friday, Monday, Tuesday (Thursday is Thanksgiving, then the weekend)
        assertThat(Instant.parse(request.text("due_at")).atZone(LA).toLocalDateTime())
                .isEqualTo(thanksgiving.plusDays(5).atTime(12, 0));
    }

    @Test
    void aSupportAgentApprovesAReviewedCaseAndMustExplainDepartures() {
        tenantWithPolicy("case-review");
        Api.Response request = request("billing_error", null);
        assertThat(request.text("status")).isEqualTo("in_review");
        String decision = "/v1/refund-requests/" + request.text("id") + "/decision";

        Api.Response noRemedy = api.post(decision, tenant.supportKey(), Map.of("decision", "approve"));
        assertThat(noRemedy.status()).isEqualTo(400);
        assertThat(noRemedy.errorField()).isEqualTo("remedies");

        Api.Response tooMuch = api.post(decision, tenant.supportKey(), Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "30.00", "credits", 10)), "note", "x"));
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(api.get("/v1/refund-requests/" + request.text("id"), tenant.supportKey()).text("status"))
                .isEqualTo("in_review");
        assertThat(available(tenant, account)).isEqualTo(400);

        Api.Response approved = api.post(decision, tenant.supportKey(), Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "10.00", "credits", 134)),
                "note", "charged twice by the bank's error"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("approved");
        assertThat(approved.text("decided_by")).startsWith("api_key:");
        assertThat(approved.body().get("decision").get("note").asString()).isEqualTo("charged twice by the bank's error");
        assertThat(available(tenant, account)).isEqualTo(266);

        Api.Response again = api.post(decision, tenant.supportKey(), Map.of("decision", "reject", "note", "no"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.get("/v1/orders/" + orderId + "/refunds", tenant.adminKey()).body().get("data")).hasSize(1);
    }

    @Test
    void creditsOfAFailedTaskAreRestoredUnderCaseReview() {
        tenantWithPolicy("case-review");
        String task = use(40);
        Api.Response request = request("failed_task", task);
        assertThat(request.text("outcome")).as(request.toString()).isEqualTo("remedy");
        assertThat(request.text("status")).isEqualTo("in_review");
        Api.Response approved = api.post("/v1/refund-requests/" + request.text("id") + "/decision",
                tenant.supportKey(), Map.of("decision", "approve"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(available(tenant, account)).isEqualTo(400);
        assertThat(api.get("/v1/tasks/" + task, tenant.secretKey()).text("status")).isEqualTo("restored");
    }

    @Test
    void anAccessCorrectionLiftsTheAccountsSuspensions() {
        tenantWithPolicy("case-review");
        api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "access", "reason", "flagged by mistake"));
        String id = request("account_error", null).text("id");
        Api.Response approved = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(), Map.of(
                "decision", "approve", "remedies", List.of(Map.of("type", "access_correction"))));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        Api.Response entitlements = api.get("/v1/accounts/" + account + "/entitlements", tenant.secretKey());
        assertThat(entitlements.body().get("access").asBoolean()).isTrue();
        assertThat(entitlements.body().get("suspensions")).isEmpty();
    }

    @Test
    void rejectingGivesAReasonAndDepartingFromAnApprovalNeedsANote() {
        tenantWithPolicy("case-review");
        String task = use(40);
        String id = request("failed_task", task).text("id");
        Api.Response bare = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(),
                Map.of("decision", "reject"));
        assertThat(bare.status()).isEqualTo(400);
        assertThat(bare.errorField()).isEqualTo("note");
        Api.Response rejected = api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(),
                Map.of("decision", "reject", "note", "the task succeeded; the logs show the images"));
        assertThat(rejected.text("status")).isEqualTo("rejected");
        assertThat(available(tenant, account)).isEqualTo(360);
        assertThat(api.post("/v1/refund-requests/" + id + "/decision", tenant.secretKey(),
                Map.of("decision", "approve")).status()).isEqualTo(403);
    }

    @Test
    void twoDecisionsRacingEachOtherLeaveOneDecision() throws Exception {
        tenantWithPolicy("case-review");
        String id = request("billing_error", null).text("id");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> results = new ArrayList<>();
            for (String note : List.of("first", "second")) {
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(), Map.of(
                            "decision", "approve", "note", note,
                            "remedies", List.of(Map.of("type", "refund", "amount", "5.00", "credits", 67))));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Response> result : results) {
                statuses.add(result.get().status());
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/v1/orders/" + orderId + "/refunds", tenant.adminKey()).body().get("data")).hasSize(1);
        assertThat(available(tenant, account)).isEqualTo(333);
    }
}
