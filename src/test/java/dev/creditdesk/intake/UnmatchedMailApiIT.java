package dev.creditdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.InboundMail.Outcome;
import dev.creditdesk.intake.InboundMail.Receipt;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Support's unmatched mail through the API: list, read, attach to a case, open a case, dismiss. */
class UnmatchedMailApiIT extends IntegrationTest {

    @Autowired
    InboundMail inbound;

    TestTenant tenant;
    String email;
    String purchased;

    @BeforeEach
    void customerWithAnOrder() {
        tenant = newTenant("case-review", Map.of("support_email", "help@shop.example"));
        email = "ada-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "ada", "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "A-1001",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-A-1001")));
        purchased = purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString();
    }

    private Receipt unmatched(String subject, String body) {
        Receipt receipt = inbound.receive(tenant.id(), RawMail.from(email).id("<" + UUID.randomUUID() + "@m.example>")
                .subject(subject).body(body).file("shot.png", "image/png", EmailRoutingIT.PNG).bytes());
        assertThat(receipt.outcome()).isEqualTo(Outcome.UNMATCHED);
        return receipt;
    }

    private String openCase() {
        Api.Response opened = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", "A-1001", "purchase_date", purchased, "category", "other", "reason", "blurry"));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.text("id");
    }

    @Test
    void supportListsAndReadsUnmatchedMailWithoutTheRawMessage() {
        Receipt receipt = unmatched("A question", "Do you sell gift cards?\nOrder number: A-1001");
        Api.Response list = api.get("/v1/inbound-messages?status=unmatched", tenant.supportKey());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body().get("data")).hasSize(1);
        assertThat(list.raw().body()).doesNotContain("\"raw\"").doesNotContain("iVBOR");
        Api.Response one = api.get("/v1/inbound-messages/" + receipt.messageId(), tenant.adminKey());
        assertThat(one.text("object")).isEqualTo("inbound_message");
        assertThat(one.text("sender")).isEqualTo(email);
        assertThat(one.text("subject")).isEqualTo("A question");
        assertThat(one.text("status")).isEqualTo("unmatched");
        assertThat(one.text("why")).contains("not a refund request");
        assertThat(one.text("text")).contains("gift cards");
        assertThat(one.body().get("fields").get("order_number").asString()).isEqualTo("A-1001");
        assertThat(one.body().get("attachments").get(0).asString()).isEqualTo("shot.png");
        assertThat(one.text("received_at")).isNotNull();

        assertThat(api.get("/v1/inbound-messages?status=case_opened", tenant.supportKey()).body().get("data")).isEmpty();
        assertThat(pageThrough("/v1/inbound-messages", 1, tenant.supportKey())).containsExactly(
                receipt.messageId().toString());
        Api.Response badStatus = api.get("/v1/inbound-messages?status=lost", tenant.supportKey());
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.errorField()).isEqualTo("status");
        assertThat(api.get("/v1/inbound-messages", tenant.secretKey()).status()).isEqualTo(403);
        assertThat(api.get("/v1/inbound-messages/" + receipt.messageId(), newTenant().supportKey()).status())
                .isEqualTo(404);
    }

    @Test
    void attachingAddsTheMessageAndItsFilesToTheCase() {
        String caseId = openCase();
        Receipt receipt = unmatched("Hi", "About my blurry images");
        Api.Response bad = api.post("/v1/inbound-messages/" + receipt.messageId() + "/attach", tenant.supportKey(),
                Map.of("refund_request_id", "nope"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("refund_request_id");
        Api.Response unknown = api.post("/v1/inbound-messages/" + receipt.messageId() + "/attach",
                tenant.supportKey(), Map.of("refund_request_id", UUID.randomUUID().toString()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorField()).isEqualTo("refund_request_id");

        Api.Response attached = api.post("/v1/inbound-messages/" + receipt.messageId() + "/attach",
                tenant.supportKey(), Map.of("refund_request_id", caseId));
        assertThat(attached.status()).as(attached.toString()).isEqualTo(200);
        assertThat(attached.text("status")).isEqualTo("added_to_case");
        assertThat(attached.text("refund_request_id")).isEqualTo(caseId);
        assertThat(api.get("/v1/refund-requests/" + caseId + "/evidence", tenant.supportKey()).body().get("data")
                .findValuesAsString("filename")).containsExactly("shot.png");
        Api.Response again = api.post("/v1/inbound-messages/" + receipt.messageId() + "/dismiss", tenant.supportKey(),
                null);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void supportOpensACaseCompletingWhatTheMessageLacked() {
        Receipt receipt = unmatched("Hello", "The images are blurry. Order number: A-1001");
        Api.Response badDate = api.post("/v1/inbound-messages/" + receipt.messageId() + "/open-case",
                tenant.supportKey(), Map.of("purchase_date", "yesterday"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.errorField()).isEqualTo("purchase_date");
        Api.Response noDate = api.post("/v1/inbound-messages/" + receipt.messageId() + "/open-case",
                tenant.supportKey(), Map.of());
        assertThat(noDate.status()).isEqualTo(400);
        assertThat(noDate.errorField()).isEqualTo("purchase_date");
        Api.Response wrongEmail = api.post("/v1/inbound-messages/" + receipt.messageId() + "/open-case",
                tenant.supportKey(), Map.of("purchase_date", purchased, "email", "eve@example.com"));
        assertThat(wrongEmail.status()).isEqualTo(422);
        assertThat(api.get("/v1/inbound-messages/" + receipt.messageId(), tenant.supportKey()).text("status"))
                .isEqualTo("unmatched");

        Map<String, Object> body = new HashMap<>(Map.of("purchase_date", purchased, "category", "billing_error"));
        Api.Response opened = api.post("/v1/inbound-messages/" + receipt.messageId() + "/open-case",
                tenant.supportKey(), body);
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        assertThat(opened.text("status")).isEqualTo("case_opened");
        String caseId = opened.text("refund_request_id");
        Api.Response request = api.get("/v1/refund-requests/" + caseId, tenant.supportKey());
        assertThat(request.text("email")).isEqualTo(email);
        assertThat(request.text("order_number")).isEqualTo("A-1001");
        assertThat(request.text("category")).isEqualTo("billing_error");
        assertThat(request.text("reason")).contains("blurry");
        assertThat(api.get("/v1/refund-requests/" + caseId + "/evidence", tenant.supportKey()).body().get("data"))
                .hasSize(1);
    }

    @Test
    void dismissedMailLeavesTheList() {
        Receipt receipt = unmatched("Newsletter", "Hello world");
        Api.Response dismissed = api.post("/v1/inbound-messages/" + receipt.messageId() + "/dismiss",
                tenant.supportKey(), null);
        assertThat(dismissed.status()).as(dismissed.toString()).isEqualTo(200);
        assertThat(dismissed.text("status")).isEqualTo("dismissed");
        assertThat(api.get("/v1/inbound-messages?status=unmatched", tenant.supportKey()).body().get("data")).isEmpty();
        assertThat(api.post("/v1/inbound-messages/" + UUID.randomUUID() + "/dismiss", tenant.supportKey(), null)
                .status()).isEqualTo(404);
    }

    @Test
    void supportCorrectsAGuessedCategoryAndTheCaseIsEvaluatedAgain() {
        Receipt receipt = inbound.receive(tenant.id(), RawMail.from(email).id("<" + UUID.randomUUID() + "@m.example>")
                .body("It failed.\nOrder number: A-1001\nPurchase date: " + purchased).bytes());
        assertThat(receipt.outcome()).isEqualTo(Outcome.CASE_OPENED);
        String caseId = receipt.refundRequestId().toString();
        assertThat(api.get("/v1/refund-requests/" + caseId, tenant.supportKey()).text("category")).isEqualTo("other");
        Api.Response wrong = api.post("/v1/refund-requests/" + caseId + "/category", tenant.supportKey(),
                Map.of("category", "tantrum"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorField()).isEqualTo("category");
        Api.Response missing = api.unvalidatedRequest().post("/v1/refund-requests/" + caseId + "/category",
                tenant.supportKey(), Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorField()).isEqualTo("category");
        assertThat(api.post("/v1/refund-requests/" + caseId + "/category", tenant.secretKey(),
                Map.of("category", "failed_task")).status()).isEqualTo(403);

        Api.Response corrected = api.post("/v1/refund-requests/" + caseId + "/category", tenant.supportKey(),
                Map.of("category", "failed_task"));
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
        assertThat(corrected.text("category")).isEqualTo("failed_task");
        // case-review asks a failed-task request without a task id for it
        assertThat(corrected.text("outcome")).isEqualTo("needs_information");
        assertThat(api.get("/v1/refund-requests/" + caseId + "/history", tenant.supportKey()).body().get("data")
                .findValuesAsString("reason")).anyMatch(r -> r.startsWith("category changed from other to failed_task"));
    }
}
