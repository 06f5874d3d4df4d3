package dev.creditdesk.people.internal;

import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.people.StaffEmailKind;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.SecretBox;
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
 * Emails to staff that carry a one-time link (invitation, password reset). They are kept apart from
 * the tenant's email outbox, which every colleague can read (a link there would let one take over
 * another's account): queued in the caller's transaction with the body sealed by {@link SecretBox},
 * sent over the same SMTP as customers' emails, retried with backoff, and the body erased once sent
 * or given up, so only the subject and recipient remain.
 */
@Component
public class StaffMail {

    private static final Logger log = LoggerFactory.getLogger(StaffMail.class);
    static final int MAX_ATTEMPTS = 6;
    private static final int BATCH = 20;

    private record Pending(UUID id, String sender, String recipient, String subject, String body, int attempts) {
    }

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final ObjectProvider<JavaMailSender> mail;
    private final TransactionTemplate transactions;
    private final Clock clock;

    StaffMail(JdbcClient jdbc, SecretBox box, ObjectProvider<JavaMailSender> mail, TransactionTemplate transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.mail = mail;
        this.transactions = transactions;
        this.clock = clock;
    }

    public void queue(UUID personId, StaffEmailKind kind, String sender, String recipient, String subject,
            String body) {
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into staff_emails (id, person_id, kind, sender, recipient, subject, body, status,
                                                  next_attempt_at, created_at)
                        values (:id, :person, :kind, :sender, :to, :subject, :body, 'pending', :now, :now)""")
                .param("id", Ids.newId(now)).param("person", personId).param("kind", kind.wireName())
                .param("sender", sender).param("to", recipient).param("subject", subject)
                .param("body", box.seal(body)).param("now", ts(now)).update();
    }

    /** How many emails of this kind were queued for the person since {@code since}. */
    public int queuedSince(UUID personId, StaffEmailKind kind, Instant since) {
        return jdbc.sql("select count(*) from staff_emails where person_id = :p and kind = :k and created_at >= :since")
                .param("p", personId).param("k", kind.wireName()).param("since", ts(since)).query(Integer.class)
                .single();
    }

    /** One pass; answers how many emails were sent. */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.staff-email-delay:PT5S}")
    public int run() {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        Integer sent = transactions.execute(tx -> {
            Instant now = clock.instant();
            List<Pending> due = jdbc.sql("""
                            select id, sender, recipient, subject, body, attempts from staff_emails
                            where status = 'pending' and next_attempt_at <= :now
                            order by next_attempt_at, id limit :n for update skip locked""")
                    .param("now", ts(now)).param("n", BATCH)
                    .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getInt(6)))
                    .list();
            int count = 0;
            for (Pending email : due) {
                try {
                    MimeMessage message = sender.createMimeMessage();
                    MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
                    helper.setFrom(email.sender());
                    helper.setTo(email.recipient());
                    helper.setSubject(email.subject());
                    helper.setText(box.open(email.body()));
                    sender.send(message);
                    jdbc.sql("""
                                    update staff_emails set status = 'sent', body = null, sent_at = :now,
                                                            attempts = attempts + 1 where id = :id""")
                            .param("now", ts(now)).param("id", email.id()).update();
                    count++;
                } catch (MailException | MessagingException e) {
                    int attempts = email.attempts() + 1;
                    log.warn("Staff email {} failed (attempt {}): {}", email.id(), attempts, e.getMessage());
                    boolean givenUp = attempts >= MAX_ATTEMPTS;
                    jdbc.sql("""
                                    update staff_emails
                                    set attempts = :a, last_error = :err, next_attempt_at = :next,
                                        status = case when :givenUp then 'failed' else 'pending' end,
                                        body = case when :givenUp then null else body end
                                    where id = :id""")
                            .param("a", attempts).param("err", String.valueOf(e.getMessage())).param("givenUp", givenUp)
                            .param("next", ts(now.plus(Duration.ofMinutes(1L << Math.min(attempts, 5)))))
                            .param("id", email.id()).update();
                }
            }
            return count;
        });
        return sent == null ? 0 : sent;
    }
}
