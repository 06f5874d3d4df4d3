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
 * Decisions that must never lose money or credits: a refund removes what the policy says unless a
 * note says otherwise (finding 13), no refund for money charged back or under dispute (14), a
 * request on an order already refunded is recorded and answered (15), alternatives in a proposal
 * are offered, not applied together (16).
 */
class CaseMoneySafetyIT extends IntegrationTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");

    private TestTenant tenant;
    private UUID account;
    private Instant purchasedAt;
    private String orderId;

    private void order(String policy, String total, long credits) {
        tenant = newTenant(policy, Map.of());
        account = newAccount(tenant);
        purchasedAt = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "M-1", "credits", credits, "currency", "USD", "net", total, "total", total,
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        orderId = order.text("id");
    }

    private Api.Response request(String category) {
        Api.Response response = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", "customer@example.com", "order_number", "M-1",
                "purchase_date", purchasedAt.atZone(NY).toLocalDate().toString(), "category", category,
                "reason", "please"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    private Api.Response decide(String id, Map<String, Object> body) {
        return api.post("/v1/refund-requests/" + id + "/decision", tenant.supportKey(), body);
    }

    private int refundsOfOrder() {
        return api.get("/v1/orders/" + orderId + "/refunds", tenant.adminKey()).body().get("data").size();
    }

    @Test
    void aFullRefundWithoutCreditsRemovesEverythingTheOrderHasLeft() {
        order("case-review", "39.90", 530);
        String id = request("billing_error").text("id");
        Api.Response approved = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "39.90"))));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(available(tenant, account)).isZero();
        assertThat(approved.body().get("decision").get("remedies").get(0).get("credits").asLong()).isEqualTo(530);
    }

    @Test
    void aPartialRefundWithoutCreditsRemovesTheCreditsItPaysFor() {
        order("case-review", "39.90", 530);
        String id = request("billing_error").text("id");
        Api.Response approved = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "10.00"))));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        // 10.00 of 39.90 pays for 132.83 credits → 133
        assertThat(available(tenant, account)).isEqualTo(530 - 133);
        assertThat(approved.body().get("decision").get("remedies").get(0).get("credits").asLong()).isEqualTo(133);
    }

    @Test
    void keepingCreditsWithARefundIsAnExplicitChoiceThatNeedsANote() {
        order("case-review", "39.90", 530);
        String id = request("billing_error").text("id");
        Api.Response noNote = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "39.90", "credits", 0))));
        assertThat(noNote.status()).as(noNote.toString()).isEqualTo(422);
        assertThat(noNote.errorField()).isEqualTo("note");
        assertThat(refundsOfOrder()).isZero();
        assertThat(available(tenant, account)).isEqualTo(530);

        Api.Response kept = decide(id, Map.of("decision", "approve", "note", "goodwill: keeps the credits",
                "remedies", List.of(Map.of("type", "refund", "amount", "39.90", "credits", 0))));
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(available(tenant, account)).isEqualTo(530);
        assertThat(refundsOfOrder()).isEqualTo(1);
    }

    @Test
    void noRefundForAnOrderWhoseChargebackWasLost() {
        order("case-review", "39.90", 530);
        String id = request("billing_error").text("id");
        Api.Response lost = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", orderId,
                "reason", "fraudulent", "status", "lost"));
        assertThat(lost.status()).as(lost.toString()).isEqualTo(201);

        Api.Response refused = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "39.90"))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/charged-back");
        assertThat(refused.text("detail")).contains("charged back");
        assertThat(refundsOfOrder()).isZero();
        assertThat(api.get("/v1/refund-requests/" + id, tenant.supportKey()).text("status")).isEqualTo("in_review");

        Api.Response direct = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId,
                "amount", "1.00", "reason", "goodwill"));
        assertThat(direct.status()).as(direct.toString()).isEqualTo(409);
        assertThat(refundsOfOrder()).isZero();
    }

    @Test
    void noRefundOfADuplicateChargeWhoseChargebackWasLost() {
        order("case-review", "39.90", 530);
        String duplicateTxn = "bank-dup-" + UUID.randomUUID();
        Api.Response charged = api.post("/v1/orders/" + orderId + "/charges", tenant.secretKey(),
                Map.of("provider", "manual", "transaction_id", duplicateTxn));
        assertThat(charged.status()).as(charged.toString()).isEqualTo(201);
        String duplicate = null;
        for (var charge : charged.body().get("charges")) {
            if (charge.get("duplicate").asBoolean()) {
                duplicate = charge.get("id").asString();
            }
        }
        assertThat(duplicate).isNotNull();
        String id = request("duplicate_charge").text("id");
        // the bank returned the duplicate payment: the customer has that money back already
        Api.Response lost = api.post("/v1/disputes", tenant.supportKey(), Map.of("transaction_id", duplicateTxn,
                "reason", "duplicate", "status", "lost"));
        assertThat(lost.status()).as(lost.toString()).isEqualTo(201);

        Api.Response refused = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund_duplicate_charge", "amount", "39.90"))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/charged-back");
        Api.Response direct = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId,
                "charge_id", duplicate, "amount", "1.00", "reason", "goodwill"));
        assertThat(direct.status()).as(direct.toString()).isEqualTo(409);
        assertThat(refundsOfOrder()).isZero();

        // the original charge was not charged back: it can still be paid back, but only once
        Api.Response original = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId,
                "amount", "39.90", "reason", "goodwill"));
        assertThat(original.status()).as(original.toString()).isEqualTo(201);
        assertThat(api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId,
                "amount", "0.01", "reason", "goodwill")).status()).isIn(409, 422);
        assertThat(refundsOfOrder()).isEqualTo(1);
    }

    @Test
    void noRefundWhileADisputeIsOpen() {
        order("case-review", "39.90", 530);
        String id = request("billing_error").text("id");
        String dispute = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", orderId,
                "reason", "fraudulent")).text("id");
        Api.Response refused = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "5.00"))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/dispute-open");
        assertThat(refundsOfOrder()).isZero();

        api.post("/v1/disputes/" + dispute, tenant.supportKey(), Map.of("status", "won"));
        Api.Response approved = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "5.00"))));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(refundsOfOrder()).isEqualTo(1);
    }

    @Test
    void aSecondRequestOnAnOrderWhoseRefundIsOnItsWayIsRecordedAndAnswered() {
        order("tiered-usage", "39.90", 530);
        Api.Response first = request("change_of_mind");
        assertThat(first.text("status")).isEqualTo("approved");
        assertThat(api.get("/v1/refunds/" + first.text("refund_id"), tenant.adminKey()).text("status"))
                .isIn("requested", "pending");

        Api.Response second = request("change_of_mind");
        assertThat(second.text("status")).isEqualTo("rejected");
        assertThat(second.text("refund_id")).isNull();
        assertThat(second.body().get("decision").get("note").asString()).contains("Nothing is left to refund");
        assertThat(refundsOfOrder()).isEqualTo(1);
    }

    @Test
    void anUndeliveredOrderIsDeliveredAsProposedWithoutARefund() {
        order("case-review", "39.90", 530);
        Api.Response suspended = api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "access", "reason", "flagged by mistake"));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(201);
        String undelivered = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "M-2", "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID()))).text("id");
        assertThat(api.get("/v1/orders/" + undelivered, tenant.secretKey()).text("status")).isEqualTo("undelivered");
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", "customer@example.com", "order_number", "M-2",
                "purchase_date", purchasedAt.atZone(NY).toLocalDate().toString(), "category", "not_delivered",
                "reason", "I paid and got nothing"));
        assertThat(request.body().get("proposal").get("rule").asString()).isEqualTo("not-delivered");
        assertThat(request.body().get("proposal").get("options")).hasSize(2);

        Api.Response approved = decide(request.text("id"), Map.of("decision", "approve"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.body().get("decision").get("remedies").findValuesAsString("type"))
                .containsExactlyInAnyOrder("deliver_order", "access_correction");
        assertThat(api.get("/v1/orders/" + undelivered, tenant.secretKey()).text("status")).isEqualTo("delivered");
        assertThat(api.get("/v1/orders/" + undelivered + "/refunds", tenant.adminKey()).body().get("data")).isEmpty();
        assertThat(available(tenant, account)).isEqualTo(630);
    }

    @Test
    void anApprovalAppliesOneConsistentSetNotAlternativesTogether() {
        order("case-review", "39.90", 530);
        api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "access", "reason", "flagged by mistake"));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "M-2", "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + UUID.randomUUID())));
        String id = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", "customer@example.com", "order_number", "M-2",
                "purchase_date", purchasedAt.atZone(NY).toLocalDate().toString(), "category", "not_delivered",
                "reason", "I paid and got nothing")).text("id");
        Api.Response both = decide(id, Map.of("decision", "approve", "note", "both", "remedies", List.of(
                Map.of("type", "deliver_order"), Map.of("type", "refund", "amount", "9.90"))));
        assertThat(both.status()).as(both.toString()).isEqualTo(422);
        assertThat(both.errorField()).isEqualTo("remedies");

        Api.Response refund = decide(id, Map.of("decision", "approve",
                "remedies", List.of(Map.of("type", "refund", "amount", "9.90"))));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(200);
        assertThat(refund.body().get("decision").get("remedies").findValuesAsString("type")).containsExactly("refund");
    }
}
