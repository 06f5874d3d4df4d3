package dev.creditdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.InboundMail.Outcome;
import dev.creditdesk.intake.InboundMail.Receipt;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each way a message can go, through {@link InboundMail#receive} with raw messages. */
class EmailRoutingIT extends IntegrationTest {

    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    @Autowired
    InboundMail inbound;

    TestTenant tenant;
    String email;
    String order;
    LocalDate purchased;

    @BeforeEach
    void customerWithAnOrder() {
        tenant = newTenant("case-review", Map.of("support_email", "help@shop.example"));
        email = "ada-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "ada", "email", email)).text("id"));
        order = "A-" + (1000 + (int) (Math.random() * 9000));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        Api.Response created = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", order, "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90",
                "purchased_at", purchasedAt.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "bank-" + order)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        purchased = purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate();
    }

    private static String id() {
        return "<" + UUID.randomUUID() + "@mail.example>";
    }

    private Receipt receive(RawMail mail) {
        return inbound.receive(tenant.id(), mail.bytes());
    }

    private JsonNode outbox(String recipient) {
        Api.Response outbox = api.get("/v1/outbox?limit=100", tenant.supportKey());
        assertThat(outbox.status()).as(outbox.toString()).isEqualTo(200);
        List<JsonNode> mine = new ArrayList<>();
        outbox.body().get("data").forEach(e -> {
            if (e.get("recipient").asString().equals(recipient)) {
                mine.add(e);
            }
        });
        return JsonMapper.builder().build().valueToTree(mine);
    }

    private Api.Response message(Receipt receipt) {
        return api.get("/v1/inbound-messages/" + receipt.messageId(), tenant.supportKey());
    }

    @Test
    void aCompleteRequestOpensACaseThatAnswersItsThread() {
        String original = id();
        Receipt receipt = receive(RawMail.from(email).id(original).body("""
                Hello,
                the images came out blurry, I want my money back.
                Order number: %s
                Purchase date: %s
                """.formatted(order, purchased)));

        assertThat(receipt.outcome()).isEqualTo(Outcome.CASE_OPENED);
        Api.Response request = api.get("/v1/refund-requests/" + receipt.refundRequestId(), tenant.supportKey());
        assertThat(request.text("email")).isEqualTo(email);
        assertThat(request.text("order_number")).isEqualTo(order);
        assertThat(request.text("category")).as("guessed from \"blurry\"").isEqualTo("quality");
        assertThat(request.text("reason")).contains("blurry");
        JsonNode sent = outbox(email);
        assertThat(sent.findValuesAsString("template")).contains("request_received");
        assertThat(sent.findValuesAsString("in_reply_to")).containsOnly(original);
        assertThat(sent.findValuesAsString("subject")).containsOnly("Re: Refund Request");
        Api.Response stored = message(receipt);
        assertThat(stored.text("status")).isEqualTo("case_opened");
        assertThat(stored.text("refund_request_id")).isEqualTo(receipt.refundRequestId().toString());
    }

    @Test
    void theSameMessageTwiceIsActedOnOnce() {
        RawMail mail = RawMail.from(email).id(id()).body("Order number: " + order + "\nPurchase date: " + purchased);
        Receipt first = receive(mail);
        Receipt second = receive(mail);
        assertThat(first.outcome()).isEqualTo(Outcome.CASE_OPENED);
        assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(api.get("/v1/refund-requests?limit=100", tenant.supportKey()).body().get("data")).hasSize(1);
        assertThat(outbox(email).findValuesAsString("template")).containsOnlyOnce("request_received");
    }

    @Test
    void missingDetailsAreAskedForOnceAndTheAnswerOpensTheCaseInTheSameThread() {
        String original = id();
        Receipt asked = receive(RawMail.from(email).id(original).body("Please refund order " + order + ", thanks."));
        assertThat(asked.outcome()).isEqualTo(Outcome.DETAILS_REQUESTED);
        JsonNode request = outbox(email);
        assertThat(request).hasSize(1);
        assertThat(request.get(0).get("template").asString()).isEqualTo("details_needed");
        assertThat(request.get(0).get("body").asString()).contains("the date of the purchase")
                .doesNotContain("order number or the payment");
        assertThat(request.get(0).get("in_reply_to").asString()).isEqualTo(original);
        assertThat(request.get(0).get("subject").asString()).isEqualTo("Re: Refund Request");
        String ask = request.get(0).get("message_id").asString();
        assertThat(ask).endsWith("@shop.example>");

        Receipt answer = receive(RawMail.from(email).id(id()).subject("Re: Refund Request").inReplyTo(ask)
                .references(original + " " + ask).body("Purchase date: " + purchased + "\n\n> To open your refund"));
        assertThat(answer.outcome()).isEqualTo(Outcome.CASE_OPENED);
        Api.Response opened = api.get("/v1/refund-requests/" + answer.refundRequestId(), tenant.supportKey());
        assertThat(opened.text("order_number")).isEqualTo(order);
        assertThat(opened.text("reason")).contains("Please refund order");
        assertThat(message(asked).text("status")).isEqualTo("case_opened");
        assertThat(message(asked).text("refund_request_id")).isEqualTo(answer.refundRequestId().toString());
        JsonNode caseMail = outbox(email);
        assertThat(caseMail.findValuesAsString("template")).contains("request_received", "details_needed");
        for (JsonNode mail : caseMail) {
            assertThat(mail.get("subject").asString()).isEqualTo("Re: Refund Request");
            assertThat(mail.get("in_reply_to").asString()).isNotNull();
        }
    }

    @Test
    void aSecondAnswerThatStillLacksGoesToSupportWithoutAskingAgain() {
        String original = id();
        receive(RawMail.from(email).id(original).body("I want a refund please."));
        String ask = outbox(email).get(0).get("message_id").asString();
        Receipt answer = receive(RawMail.from(email).id(id()).inReplyTo(ask).body("Order number: " + order));
        assertThat(answer.outcome()).isEqualTo(Outcome.UNMATCHED);
        assertThat(message(answer).text("why")).contains("after one reply").contains("date of the purchase");
        assertThat(outbox(email)).hasSize(1);
        assertThat(api.get("/v1/inbound-messages?status=unmatched", tenant.supportKey()).body().get("data"))
                .hasSize(2);
    }

    @Test
    void anOrderOfSomeoneElseIsAskedAboutWithoutSayingWhoseItIs() {
        String stranger = "eve-" + UUID.randomUUID() + "@example.com";
        Receipt receipt = receive(RawMail.from(stranger).id(id()).body("Order number: " + order
                + "\nPurchase date: " + purchased));
        assertThat(receipt.outcome()).isEqualTo(Outcome.DETAILS_REQUESTED);
        assertThat(outbox(stranger).get(0).get("body").asString()).contains("we found no order " + order)
                .doesNotContain(email);
    }

    @Test
    void anAddressNamedInTheBodyIsTheAccountWhenItSpeaksForTheOrder() {
        String colleague = "bob-" + UUID.randomUUID() + "@example.com";
        Receipt receipt = receive(RawMail.from(colleague).id(id()).body("My account email is " + email
                + "\nOrder number: " + order + "\nPurchase date: " + purchased));
        assertThat(receipt.outcome()).isEqualTo(Outcome.CASE_OPENED);
        assertThat(api.get("/v1/refund-requests/" + receipt.refundRequestId(), tenant.supportKey()).text("email"))
                .isEqualTo(email);
    }

    @Test
    void aReplyInACaseThreadAddsItsFilesAndNamesThoseRefused() {
        String original = id();
        Receipt opened = receive(RawMail.from(email).id(original).body("Order number: " + order
                + "\nPurchase date: " + purchased));
        String receiptMail = outbox(email).get(0).get("message_id").asString();
        Receipt reply = receive(RawMail.from(email).id(id()).subject("Re: Refund Request").inReplyTo(receiptMail)
                .references(original + " " + receiptMail).body("Here is a screenshot.")
                .file("blurry.png", "image/png", PNG)
                .file("notes.exe", "application/x-msdownload", "MZ...".getBytes(StandardCharsets.US_ASCII)));
        assertThat(reply.outcome()).isEqualTo(Outcome.ADDED_TO_CASE);
        assertThat(reply.refundRequestId()).isEqualTo(opened.refundRequestId());
        Api.Response evidence = api.get("/v1/refund-requests/" + opened.refundRequestId() + "/evidence",
                tenant.supportKey());
        assertThat(evidence.body().get("data").findValuesAsString("filename")).containsExactly("blurry.png");
        assertThat(evidence.body().get("data").findValuesAsString("kind")).containsExactly("screenshot");
        Api.Response stored = message(reply);
        assertThat(stored.text("status")).isEqualTo("added_to_case");
        assertThat(stored.body().get("refused").get(0).asString()).startsWith("notes.exe: ");
        assertThat(stored.body().get("attachments").toString()).contains("blurry.png", "notes.exe");
    }

    @Test
    void aNewRequestsInlineImageBecomesEvidenceAndAnOversizedFileIsNamedNotFatal() {
        byte[] large = new byte[5 * 1_048_576 + 1];
        System.arraycopy("%PDF-".getBytes(StandardCharsets.US_ASCII), 0, large, 0, 5);
        Receipt receipt = receive(RawMail.from(email).id(id()).body("See the picture.\nOrder number: " + order
                + "\nPurchase date: " + purchased).inline("screen.png", "image/png", PNG)
                .file("statement.pdf", "application/pdf", large));
        assertThat(receipt.outcome()).isEqualTo(Outcome.CASE_OPENED);
        Api.Response evidence = api.get("/v1/refund-requests/" + receipt.refundRequestId() + "/evidence",
                tenant.supportKey());
        assertThat(evidence.body().get("data").findValuesAsString("filename")).containsExactly("screen.png");
        Api.Response stored = message(receipt);
        assertThat(stored.text("status")).isEqualTo("case_opened");
        assertThat(stored.body().get("refused").get(0).asString()).startsWith("statement.pdf: larger than 5 MiB");
    }

    @Test
    void aCaseTokenInTheSubjectThreadsAReplyWithoutHeaders() {
        Receipt opened = receive(RawMail.from(email).id(id()).body("Order number: " + order
                + "\nPurchase date: " + purchased));
        Receipt reply = receive(RawMail.from(email.toUpperCase()).id(id())
                .subject("More about my case (Reference: " + opened.refundRequestId() + ")").body("One more thing."));
        assertThat(reply.outcome()).isEqualTo(Outcome.ADDED_TO_CASE);
        assertThat(reply.refundRequestId()).isEqualTo(opened.refundRequestId());
    }

    @Test
    void aStrangerInACaseThreadIsNotAddedToIt() {
        String original = id();
        Receipt opened = receive(RawMail.from(email).id(original).body("Order number: " + order
                + "\nPurchase date: " + purchased));
        Receipt intruder = receive(RawMail.from("mallory@example.net").id(id()).inReplyTo(original)
                .body("Refund it to me instead").file("fake.png", "image/png", PNG));
        assertThat(intruder.outcome()).isEqualTo(Outcome.UNMATCHED);
        assertThat(message(intruder).text("why")).contains("mallory@example.net").contains(opened.refundRequestId()
                .toString());
        assertThat(api.get("/v1/refund-requests/" + opened.refundRequestId() + "/evidence", tenant.supportKey())
                .body().get("data")).isEmpty();
    }

    @Test
    void automatedMailAndOtherMessagesWaitForSupportUnanswered() {
        Receipt auto = receive(RawMail.from(email).id(id()).subject("Automatic reply: Refund Request")
                .header("Auto-Submitted", "auto-replied").body("I am out of office."));
        Receipt other = receive(RawMail.from(email).id(id()).subject("How do I export my images?").body("Thanks"));
        assertThat(auto.outcome()).isEqualTo(Outcome.UNMATCHED);
        assertThat(other.outcome()).isEqualTo(Outcome.UNMATCHED);
        assertThat(message(auto).text("why")).contains("automated");
        assertThat(message(other).text("why")).contains("not a refund request");
        assertThat(outbox(email)).isEmpty();
    }

    @Test
    void repliesToOneSenderAreBoundedPerHour() {
        String robot = "robot-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 3; i++) {
            assertThat(receive(RawMail.from(robot).id(id()).body("refund please")).outcome())
                    .isEqualTo(Outcome.DETAILS_REQUESTED);
        }
        Receipt fourth = receive(RawMail.from(robot).id(id()).body("refund please"));
        assertThat(fourth.outcome()).isEqualTo(Outcome.UNMATCHED);
        assertThat(message(fourth).text("why")).contains("not answered");
        assertThat(outbox(robot)).hasSize(3);
    }
}
