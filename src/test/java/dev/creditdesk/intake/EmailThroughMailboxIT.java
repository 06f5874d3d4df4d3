package dev.creditdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.intake.internal.MailboxPoller;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Done when (issue 14), over the real protocols end to end: the customer's emails land in the
 * tenant's support mailbox on an IMAP server (GreenMail), the poller reads them, and everything
 * Creditdesk answers goes out over SMTP in the customer's thread — the receipt, the information
 * request, the decision and the refund email.
 */
class EmailThroughMailboxIT extends IntegrationTest {

    @Autowired
    MailboxPoller poller;

    @Autowired
    IntakeSettings settings;

    @Autowired
    EmailSender sender;

    @Autowired
    RefundSubmitter submitter;

    /** One pass of the poller once the mailbox is due again. */
    private void readMailbox() {
        clock.advance(settings.maxBackoff().plusSeconds(1));
        Jobs.drain(poller::pass);
    }

    @Test
    void aCustomerWritesToTheMailboxAndIsAnsweredInOneThreadUntilTheRefund() throws Exception {
        TestTenant tenant = newTenant("exceptions-only", Map.of("support_email", "help@pixels.example"));
        assertThat(api.post("/v1/policies", tenant.adminKey(),
                Map.of("document", EmailConversationIT.POLICE_REPORT_POLICY)).status()).isEqualTo(201);
        MailServer.Mailbox support = MailServer.newMailbox();
        Api.Response mailbox = api.put("/v1/mailbox", tenant.adminKey(), Map.of("host", "localhost",
                "port", MailServer.imapPort(), "security", "none", "username", support.login(),
                "password", support.password()));
        assertThat(mailbox.status()).as(mailbox.toString()).isEqualTo(200);
        String email = "grace-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "grace", "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(3));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "A-2002",
                "credits", 400, "currency", "USD", "net", "19.90", "total", "19.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-A-2002")));
        String purchased = purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString();

        String original = "<" + UUID.randomUUID() + "@example.com>";
        support.deliver(new String(RawMail.from(email).to(support.address()).id(original).subject("Refund Request")
                .body("""
                        Hello,

                        I did not make this purchase, someone used my card.
                        Order number: A-2002
                        Purchase date: %s

                        Grace
                        """.formatted(purchased)).bytes(), StandardCharsets.UTF_8));
        readMailbox();
        Api.Response cases = api.get("/v1/refund-requests?limit=5", tenant.supportKey());
        assertThat(cases.body().get("data")).hasSize(1);
        String caseId = cases.body().get("data").get(0).get("id").asString();
        assertThat(cases.body().get("data").get(0).get("status").asString()).isEqualTo("awaiting_information");

        Jobs.drain(sender::run);
        List<MimeMessage> first = EmailConversationIT.mailTo(email);
        assertThat(first).hasSize(2);
        MimeMessage informationRequest = first.get(1);
        assertThat(GreenMailUtil.getBody(first.get(0))).contains("we received your refund request for order A-2002");
        assertThat(GreenMailUtil.getBody(informationRequest)).contains("police report");

        String answerId = "<" + UUID.randomUUID() + "@example.com>";
        support.deliver(new String(RawMail.from(email).to(support.address()).id(answerId)
                .subject("Re: Refund Request").inReplyTo(informationRequest.getMessageID())
                .references(original + " " + informationRequest.getMessageID())
                .body("Here is the police report.\n\nOn Monday, help@pixels.example wrote:\n> "
                        + GreenMailUtil.getBody(informationRequest).replace("\n", "\n> "))
                .file("police-report.pdf", "application/pdf",
                        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII))
                .bytes(), StandardCharsets.UTF_8));
        readMailbox();
        Api.Response decided = api.get("/v1/refund-requests/" + caseId, tenant.supportKey());
        assertThat(decided.text("status")).as(decided.toString()).isEqualTo("approved");

        submitter.run();
        assertThat(api.post("/v1/refunds/" + decided.text("refund_id") + "/mark-sent", tenant.adminKey(), null)
                .text("status")).isEqualTo("succeeded");
        Jobs.drain(sender::run);
        List<MimeMessage> all = EmailConversationIT.mailTo(email);
        assertThat(all).hasSize(4);
        assertThat(GreenMailUtil.getBody(all.get(2))).contains("is approved");
        assertThat(GreenMailUtil.getBody(all.get(3))).contains("we have sent 19.90 USD back");
        for (MimeMessage message : all) {
            assertThat(message.getSubject()).isEqualTo("Re: Refund Request");
            assertThat(message.getHeader("In-Reply-To", " ")).isEqualTo(original);
            assertThat(message.getHeader("References", " ")).startsWith(original);
        }

        readMailbox();
        assertThat(api.get("/v1/inbound-messages?limit=10", tenant.supportKey()).body().get("data")
                .findValuesAsString("refund_request_id"))
                .as("read again, the mailbox's two messages are not received twice").containsExactly(caseId, caseId);
    }
}
