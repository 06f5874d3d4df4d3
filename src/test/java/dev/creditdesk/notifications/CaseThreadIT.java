package dev.creditdesk.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.notifications.internal.EmailSender;
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

/**
 * A case filed through the API (not by email) is still one conversation: every email has its own
 * Message-ID on the support address's domain, and each after the first answers the first one.
 */
class CaseThreadIT extends IntegrationTest {

    @Autowired
    EmailSender sender;

    @Test
    void laterEmailsAboutACaseAnswerTheFirstOne() throws Exception {
        TestTenant tenant = newTenant("tiered-usage", Map.of("support_email", "help@threads.example"));
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "c", "email", email)).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(2));
        api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "T-1",
                "credits", 400, "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at",
                purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "bank-T-1")));
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", "T-1", "purchase_date",
                purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "not for me"));
        assertThat(request.text("status")).as(request.toString()).isEqualTo("approved");
        Api.Response outbox = api.get("/v1/outbox?refund_request_id=" + request.text("id"), tenant.supportKey());
        assertThat(outbox.body().get("data").findValuesAsString("message_id"))
                .allMatch(id -> id.matches("<[0-9a-f-]{36}@threads\\.example>"));

        Jobs.drain(sender::run);
        List<MimeMessage> received = Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(email);
            } catch (Exception e) {
                return false;
            }
        }).toList();
        assertThat(received).hasSize(2);
        MimeMessage first = received.get(0);
        MimeMessage second = received.get(1);
        assertThat(first.getMessageID()).matches("<[0-9a-f-]{36}@threads\\.example>");
        assertThat(first.getHeader("In-Reply-To")).isNull();
        assertThat(first.getSubject()).contains("T-1");
        assertThat(second.getHeader("In-Reply-To", " ")).isEqualTo(first.getMessageID());
        assertThat(second.getHeader("References", " ")).isEqualTo(first.getMessageID());
        assertThat(second.getMessageID()).isNotEqualTo(first.getMessageID());
        assertThat(outbox.body().get("data").findValuesAsString("in_reply_to")).contains(first.getMessageID());
    }
}
