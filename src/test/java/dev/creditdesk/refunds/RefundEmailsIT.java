package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.creditdesk.notifications.internal.EmailSender;
import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The customer hears about every step, by real email (GreenMail). */
class RefundEmailsIT extends IntegrationTest {

    @Autowired
    EmailSender sender;

    @Autowired
    RefundSubmitter submitter;

    private List<MimeMessage> mailTo(String address) {
        return Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @Test
    void receivedApprovedAndRefundSentArriveWithTheirContent() throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of("timezone", "America/Los_Angeles", "holiday_country", "US",
                "support_email", "help@qwen.example"));
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c", "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "Q-29",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-Q-29")));
        String task = reserve(tenant, account, 100).text("id");
        api.post("/v1/tasks/" + task + "/complete", tenant.secretKey(), Map.of("credits", 100));

        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", "Q-29", "purchase_date",
                purchasedAt.atZone(ZoneId.of("America/Los_Angeles")).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "not for me"));
        assertThat(request.text("status")).isEqualTo("approved");
        Api.Response outbox = api.get("/v1/outbox?refund_request_id=" + request.text("id"), tenant.supportKey());
        assertThat(outbox.body().get("data").findValuesAsString("template")).containsExactly("approved", "request_received");
        assertThat(outbox.body().get("data").findValuesAsString("status")).containsOnly("pending");
        assertThat(outbox.body().get("data").findValuesAsString("object")).containsExactly("email", "email");

        assertThat(Jobs.drain(sender::run)).isGreaterThanOrEqualTo(2);
        List<MimeMessage> received = mailTo(email);
        assertThat(received).hasSize(2);
        assertThat(received.get(0).getFrom()[0].toString()).isEqualTo("help@qwen.example");
        assertThat(received.get(0).getSubject()).contains("Q-29");
        // Times in the tenant's timezone with the zone, as people read them; amounts with their currency
        Instant receivedAt = Instant.parse(request.text("received_at"));
        String receivedText = java.time.format.DateTimeFormatter.ofPattern("MMMM d, yyyy, h:mm a z",
                java.util.Locale.ENGLISH).format(receivedAt.atZone(ZoneId.of("America/Los_Angeles")));
        assertThat(GreenMailUtil.getBody(received.get(0))).contains("for order Q-29 on " + receivedText + ".")
                .containsPattern("P[SD]T").doesNotContain(receivedAt.toString());
        assertThat(GreenMailUtil.getBody(received.get(1))).contains("a refund of 22.43 USD to your original payment");
        assertThat(GreenMailUtil.getBody(received.get(1))).contains("22.43").contains("2. Proportional Refund");

        Jobs.drain(submitter::run); // global: other tests' refunds may be ahead of this one
        Api.Response sent = api.post("/v1/refunds/" + request.text("refund_id") + "/mark-sent", tenant.adminKey(), null);
        assertThat(sent.text("status")).isEqualTo("succeeded");
        Jobs.drain(sender::run);
        List<MimeMessage> all = mailTo(email);
        assertThat(all).hasSize(3);
        assertThat(all.get(2).getSubject()).isEqualTo("Your refund of 22.43 USD is on its way");
        assertThat(GreenMailUtil.getBody(all.get(2))).containsPattern(
                "arrives between (Monday|Tuesday|Wednesday|Thursday|Friday), [A-Z][a-z]+ \\d{1,2}, \\d{4} and "
                        + "(Monday|Tuesday|Wednesday|Thursday|Friday), [A-Z][a-z]+ \\d{1,2}, \\d{4},");
        assertThat(api.get("/v1/outbox?refund_request_id=" + request.text("id"), tenant.supportKey()).body().get("data")
                .findValuesAsString("status")).containsOnly("sent");
    }

    @Test
    void aRejectionSaysWhy() throws Exception {
        TestTenant tenant = newTenant("case-review", Map.of("timezone", "Europe/London", "holiday_country", "GB",
                "support_email", "help@jewelry.example"));
        Api.Response custom = api.post("/v1/email-templates/rejected", tenant.adminKey(), Map.of(
                "subject", "About your order {order}", "body", "We are sorry. {reason}"));
        assertThat(custom.status()).as(custom.toString()).isEqualTo(200);
        assertThat(api.post("/v1/email-templates/no-such", tenant.adminKey(), Map.of("subject", "s", "body", "b"))
                .status()).isEqualTo(404);
        String email = "bo-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c", "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "J-1",
                "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-J-1")));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", "J-1", "purchase_date",
                purchasedAt.atZone(ZoneId.of("Europe/London")).toLocalDate().toString(),
                "category", "quality", "reason", "I dislike the style"));
        assertThat(request.text("status")).isEqualTo("rejected");
        Jobs.drain(sender::run);
        List<MimeMessage> received = mailTo(email);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).getSubject()).isEqualTo("About your order J-1");
        assertThat(GreenMailUtil.getBody(received.get(1))).contains("We are sorry").contains("Generation Results");
    }
}
