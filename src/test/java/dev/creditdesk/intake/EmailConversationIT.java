package dev.creditdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.intake.InboundMail.Outcome;
import dev.creditdesk.intake.InboundMail.Receipt;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Done when (issue 14): a customer emails a refund request, gets the receipt and the information
 * request, answers by replying, and receives the decision and the refund email, all in one thread —
 * real SMTP (GreenMail) for everything Creditdesk sends.
 */
class EmailConversationIT extends IntegrationTest {

    /** Refunds need a police report: without one the policy asks for it, with one it refunds in full. */
    static final String POLICE_REPORT_POLICY = """
            id: exceptions-only
            version: "2026-01-01"
            effective_from: 2026-01-01T00:00:00Z
            title: Refunds with a police report
            request_window: {calendar_days: 30, cite: "Part 4: within 30 days of the purchase"}
            review_sla_business_days: 5
            rules:
              - id: with-report
                cite: "Part 3: Fraudulent Transactions (you need to provide a police report)"
                when: '"police_report" in request.evidence'
                outcome: full_refund
                remove_credits: remaining
                decide: automatic
              - id: report-needed
                cite: "Part 3: Fraudulent Transactions (you need to provide a police report)"
                when: "true"
                outcome: needs_information
                missing: [police_report]
                decide: automatic
            """;

    @Autowired
    InboundMail inbound;

    @Autowired
    EmailSender sender;

    @Autowired
    RefundSubmitter submitter;

    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String header(MimeMessage message, String name) throws Exception {
        return message.getHeader(name, " ");
    }

    @Test
    void aCustomerIsAnsweredInOneThreadFromTheRequestToTheRefund() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of("support_email", "help@pixels.example"));
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("document", POLICE_REPORT_POLICY));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "ada", "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(3));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "A-1001",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-A-1001")));
        String purchased = purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString();

        // 1. the customer writes to the support address
        String original = "<" + UUID.randomUUID() + "@example.com>";
        Receipt opened = inbound.receive(tenant.id(), RawMail.from(email).to("help@pixels.example").id(original)
                .subject("Refund Request").body("""
                        Hello,

                        I did not make this purchase, someone used my card.
                        Order number: A-1001
                        Purchase date: %s

                        Ada
                        """.formatted(purchased)).bytes());
        assertThat(opened.outcome()).isEqualTo(Outcome.CASE_OPENED);
        UUID caseId = opened.refundRequestId();
        assertThat(api.get("/v1/refund-requests/" + caseId, tenant.supportKey()).text("status"))
                .isEqualTo("awaiting_information");

        // 2. the receipt and the information request arrive, answering the customer's message
        Jobs.drain(sender::run);
        List<MimeMessage> first = mailTo(email);
        assertThat(first).hasSize(2);
        MimeMessage receipt = first.get(0);
        MimeMessage informationRequest = first.get(1);
        assertThat(GreenMailUtil.getBody(receipt)).contains("we received your refund request for order A-1001");
        assertThat(GreenMailUtil.getBody(informationRequest)).contains("police report");
        for (MimeMessage message : first) {
            assertThat(message.getSubject()).isEqualTo("Re: Refund Request");
            assertThat(header(message, "In-Reply-To")).isEqualTo(original);
            assertThat(header(message, "References")).isEqualTo(original);
            assertThat(message.getMessageID()).matches("<[0-9a-f-]{36}@pixels\\.example>");
        }

        // 3. the customer replies to the information request, quoting it, with the police report
        String answerId = "<" + UUID.randomUUID() + "@example.com>";
        Receipt answered = inbound.receive(tenant.id(), RawMail.from(email).to("help@pixels.example").id(answerId)
                .subject("Re: Refund Request").inReplyTo(informationRequest.getMessageID())
                .references(original + " " + informationRequest.getMessageID())
                .body("Here is the police report.\n\nOn Monday, help@pixels.example wrote:\n> "
                        + GreenMailUtil.getBody(informationRequest).replace("\n", "\n> "))
                .file("police-report.pdf", "application/pdf",
                        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII))
                .bytes());
        assertThat(answered.outcome()).isEqualTo(Outcome.ADDED_TO_CASE);
        assertThat(answered.refundRequestId()).isEqualTo(caseId);
        Api.Response decided = api.get("/v1/refund-requests/" + caseId, tenant.supportKey());
        assertThat(decided.text("status")).as(decided.toString()).isEqualTo("approved");
        assertThat(api.get("/v1/refund-requests/" + caseId + "/evidence", tenant.supportKey()).body().get("data")
                .findValuesAsString("kind")).containsExactly("police_report");

        // 4. the decision, then the refund email once the manual refund is sent
        submitter.run();
        Api.Response sent = api.post("/v1/refunds/" + decided.text("refund_id") + "/mark-sent", tenant.adminKey(),
                null);
        assertThat(sent.text("status")).as(sent.toString()).isEqualTo("succeeded");
        Jobs.drain(sender::run);
        List<MimeMessage> all = mailTo(email);
        assertThat(all).hasSize(4);
        assertThat(GreenMailUtil.getBody(all.get(2))).contains("is approved").contains("a refund of 29.90");
        assertThat(GreenMailUtil.getBody(all.get(3))).contains("we have sent 29.90 USD back");
        for (MimeMessage message : all) {
            assertThat(message.getSubject()).isEqualTo("Re: Refund Request");
            assertThat(header(message, "In-Reply-To")).isEqualTo(original);
            assertThat(header(message, "References")).startsWith(original);
        }
        assertThat(all.stream().map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).hasSize(4);

        // the case shows the customer's two emails
        Api.Response messages = api.get("/v1/inbound-messages?limit=10", tenant.supportKey());
        assertThat(messages.body().get("data").findValuesAsString("refund_request_id"))
                .containsOnly(caseId.toString()).hasSize(2);
    }
}
