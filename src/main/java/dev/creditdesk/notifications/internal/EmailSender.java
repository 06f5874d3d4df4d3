package dev.creditdesk.notifications.internal;

import static dev.creditdesk.shared.Sql.ts;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends pending emails over SMTP ({@code spring.mail.*}); claims them with
 * {@code FOR UPDATE SKIP LOCKED}, retries a failure with backoff and gives up after
 * {@link #MAX_ATTEMPTS}. Without SMTP configured it sends nothing and the messages stay pending.
 */
@Component
public class EmailSender {

    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);
    static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 50;

    private record Pending(UUID tenantId, UUID id, String recipient, String sender, String subject, String body,
            int attempts, String messageId, String inReplyTo, String references) {
    }

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> mail;
    private final TransactionTemplate transactions;
    private final Clock clock;

    EmailSender(JdbcClient jdbc, ObjectProvider<JavaMailSender> mail, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One pass; returns how many messages were sent. */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.email-delay:PT10S}")
    public int run() {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        Integer sent = transactions.execute(tx -> {
            int count = 0;
            Instant now = clock.instant();
            List<Pending> due = jdbc.sql("""
                            select tenant_id, id, recipient, sender, subject, body, attempts, message_id, in_reply_to,
                                   references_ids
                            from email_outbox
                            where status = 'pending' and next_attempt_at <= :now
                            order by next_attempt_at, seq limit :n for update skip locked""")
                    .param("now", ts(now)).param("n", BATCH)
                    .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                            rs.getString(8), rs.getString(9), rs.getString(10)))
                    .list();
            for (Pending email : due) {
                try {
                    sender.send(message(sender, email));
                    jdbc.sql("update email_outbox set status = 'sent', sent_at = :now, attempts = attempts + 1 "
                                    + "where tenant_id = :t and id = :id")
                            .param("now", ts(now)).param("t", email.tenantId()).param("id", email.id()).update();
                    count++;
                } catch (MailException | MessagingException e) {
                    int attempts = email.attempts() + 1;
                    log.atWarn().addKeyValue("tenant", email.tenantId()).addKeyValue("email", email.id())
                            .addKeyValue("attempt", attempts).addKeyValue("gave_up", attempts >= MAX_ATTEMPTS)
                            .addKeyValue("error", withoutAddresses(e.getMessage())).log("Email not sent");
                    jdbc.sql("""
                                    update email_outbox set attempts = :a, last_error = :err, next_attempt_at = :next,
                                           status = case when :a >= :max then 'failed' else 'pending' end
                                    where tenant_id = :t and id = :id""")
                            .param("a", attempts).param("err", e.getMessage()).param("max", MAX_ATTEMPTS)
                            .param("next", ts(now.plus(Duration.ofMinutes(Math.min(60, 1L << Math.min(attempts, 6))))))
                            .param("t", email.tenantId()).param("id", email.id()).update();
                }
            }
            return count;
        });
        return sent == null ? 0 : sent;
    }

    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("[^\\s<>\"',;:]+@[^\\s<>\"',;:]+");

    /** An SMTP server's answer repeats the recipient ("550 <bob@example.com> User unknown"): the log gets no address. */
    static String withoutAddresses(String error) {
        return error == null ? null : ADDRESS.matcher(error).replaceAll("<address>");
    }

    /**
     * The email as sent: its own Message-ID and, for a case's email, In-Reply-To and References so
     * the customer's mail client shows the case as one conversation.
     */
    private static MimeMessage message(JavaMailSender sender, Pending email) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(email.sender());
        helper.setTo(email.recipient());
        helper.setSubject(email.subject());
        helper.setText(email.body());
        message.setHeader("Message-ID", email.messageId());
        if (email.inReplyTo() != null) {
            message.setHeader("In-Reply-To", email.inReplyTo());
        }
        if (email.references() != null && !email.references().isBlank()) {
            message.setHeader("References", email.references());
        }
        return message;
    }
}
