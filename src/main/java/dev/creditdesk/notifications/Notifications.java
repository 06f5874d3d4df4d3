package dev.creditdesk.notifications;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Keyset;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues emails to customers from templates, in the caller's transaction: if what it tells about
 * is rolled back, so is the message. Templates use {@code {name}} placeholders.
 */
@Service
public class Notifications {

    /** Subject and body of each message, by template name. */
    static final Map<String, String[]> TEMPLATES = Map.ofEntries(
            Map.entry("request_received", new String[] {"We received your refund request for order {order}",
                    "Hello,\n\nwe received your refund request for order {order} on {received}.\n"
                            + "{next}\n\nFollow your request: {status_url}\nReference: {request}\n\n{tenant} support"}),
            Map.entry("information_needed", new String[] {"We need more information about your refund request",
                    "Hello,\n\nto decide on your refund request for order {order} we need: {missing}.\n"
                            + "Please reply with it.\n\n"
                            + "Follow your request: {status_url}\nReference: {request}\n\n{tenant} support"}),
            Map.entry("approved", new String[] {"Your refund request for order {order} is approved",
                    "Hello,\n\nyour refund request for order {order} is approved: {remedies}.\n"
                            + "Reason: {reason}\n\n"
                            + "Follow your request: {status_url}\nReference: {request}\n\n{tenant} support"}),
            Map.entry("merged", new String[] {"Your refund request for order {order} is joined with another",
                    "Hello,\n\nyou sent us more than one refund request for order {order}. We joined this one "
                            + "(reference {request}) with your request {into}, and we will answer you there.\n\n"
                            + "Follow your request: {into_status_url}\n\n{tenant} support"}),
            Map.entry("rejected", new String[] {"Your refund request for order {order} is declined",
                    "Hello,\n\nwe cannot approve your refund request for order {order}.\n"
                            + "Reason: {reason}\n\n"
                            + "Follow your request: {status_url}\nReference: {request}\n\n{tenant} support"}),
            Map.entry("refund_sent", new String[] {"Your refund of {amount} {currency} is on its way",
                    "Hello,\n\nwe have sent {amount} {currency} back to your original payment method for order "
                            + "{order}. It usually arrives between {arrival_from} and {arrival_to}, depending on "
                            + "your bank or card issuer.\n\n"
                            + "Follow your request: {status_url}\nReference: {request}\n\n{tenant} support"}),
            Map.entry("webhook_endpoint_disabled", new String[] {"Webhook endpoint {url} was disabled",
                    "Hello,\n\nwe disabled the webhook endpoint {url} ({endpoint}): {reason}. Events are no longer sent "
                            + "to it; they stay readable from GET /v1/events. Once it answers again, enable it with "
                            + "POST /v1/webhook-endpoints/{endpoint} {\"status\": \"enabled\"} and redeliver what it "
                            + "missed.\n\n{tenant}"}),
            Map.entry("refer_to_bank", new String[] {"About your payment for order {order}",
                    "Hello,\n\nwe cannot refund your payment of {amount} {currency} for order {order} ourselves. "
                            + "Please contact your bank or card issuer, who can review the charge and return it "
                            + "to you.\n\n"
                            + "Follow your request: {status_url}\nReference: {request}\n\n{tenant} support"}),
            Map.entry("remedy_choice", new String[] {"Choose how we settle your refund request for order {order}",
                    "Hello,\n\nwe can settle your refund request for order {order} in one of these ways:\n"
                            + "{options}\nTell us which you prefer, and we carry it out at once.\n\n"
                            + "Follow your request: {status_url}\nReference: {request}\n\n{tenant} support"}),
            Map.entry("details_needed", new String[] {"We need a few details to open your refund request",
                    "Hello,\n\nthank you for your message. To open your refund request we need:\n{missing}\n"
                            + "Please reply to this email with them.\n\n{tenant} support"}),
            Map.entry("confirm_request", new String[] {"Confirm your refund request for order {order}",
                    "Hello,\n\nsomeone, hopefully you, asked {tenant} for a refund on order {order} with this email "
                            + "address. To send the request, open this link within {hours} hours and confirm:\n\n"
                            + "{confirm_url}\n\nIf it was not you, ignore this message: nothing is sent without "
                            + "it.\n\n{tenant} support"}),
            Map.entry("status_link", new String[] {"Your link to follow your refund request",
                    "Hello,\n\nhere is a fresh link to follow your refund request for order {order}:\n\n"
                            + "{status_url}\n\nReference: {request}\n\n{tenant} support"}),
            Map.entry("outage_compensation", new String[] {"We added {credits} credits to your account",
                    "Hello,\n\nour service was unavailable from {from} to {to} ({hours} hours). We are sorry: we "
                            + "added {credits} credits to your account{expiry}.\n\n{tenant} support"}));

    /**
     * The template a refer_to_bank remedy sends by default; a tenant may add its own variants named
     * {@code refer_to_bank_<name>} (a policy names them), which fall back to this one until set.
     */
    public static final String BANK_TEMPLATE = "refer_to_bank";

    private static boolean isOwnBankTemplate(String template) {
        return template != null && template.matches(BANK_TEMPLATE + "_[a-z0-9_]{1,40}");
    }

    private final JdbcClient jdbc;
    private final Tenants tenants;
    private final Clock clock;

    Notifications(JdbcClient jdbc, Tenants tenants, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Queues an email; one about a case ({@code refundRequestId}) continues the case's thread. */
    @Transactional
    public Email queue(UUID tenantId, String template, String recipient, Map<String, String> values,
            UUID refundRequestId) {
        return queue(tenantId, template, recipient, values, refundRequestId,
                refundRequestId == null ? null : caseThread(tenantId, refundRequestId));
    }

    /** Queues an email answering {@code thread} (null: it starts a conversation). */
    @Transactional
    public Email queue(UUID tenantId, String template, String recipient, Map<String, String> values,
            UUID refundRequestId, EmailThread thread) {
        String[] builtIn = TEMPLATES.get(template);
        if (builtIn == null && isOwnBankTemplate(template)) {
            builtIn = TEMPLATES.get(BANK_TEMPLATE);
        }
        if (builtIn == null) {
            throw new IllegalArgumentException("no email template " + template);
        }
        String[] parts = jdbc.sql("select subject, body from email_templates where tenant_id = :t and template = :n")
                .param("t", tenantId).param("n", template)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional().orElse(builtIn);
        Tenant tenant = tenants.require(tenantId);
        Instant now = clock.instant();
        UUID id = Ids.newId(clock);
        String subject = thread != null && thread.subject() != null ? thread.subject() : render(parts[0], values, tenant);
        Email email = new Email(id, template, recipient, tenant.settings().supportEmail(), subject,
                render(parts[1], values, tenant), refundRequestId, "pending", 0, null, now, null,
                messageId(id, tenant.settings().supportEmail()), thread == null ? null : thread.inReplyTo(), null);
        jdbc.sql("""
                        insert into email_outbox (tenant_id, id, template, recipient, sender, subject, body,
                                                  refund_request_id, status, next_attempt_at, created_at, message_id,
                                                  in_reply_to, references_ids)
                        values (:t, :id, :template, :to, :from, :subject, :body, :request, 'pending', :now, :now, :mid,
                                :irt, :refs)""")
                .param("t", tenantId).param("id", email.id()).param("template", template).param("to", recipient)
                .param("from", email.sender()).param("subject", email.subject()).param("body", email.body())
                .param("request", refundRequestId).param("now", ts(now)).param("mid", email.messageId())
                .param("irt", email.inReplyTo()).param("refs", thread == null ? null : String.join(" ", thread.references()))
                .update();
        return email;
    }

    /** A Message-ID on the domain of the tenant's support address, unique by the email's id. */
    static String messageId(UUID emailId, String supportEmail) {
        Matcher domain = DOMAIN.matcher(supportEmail == null ? "" : supportEmail);
        return "<" + emailId + "@" + (domain.find() ? domain.group(1).toLowerCase(Locale.ROOT) : "creditdesk.invalid")
                + ">";
    }

    private static final Pattern DOMAIN = Pattern.compile("@([A-Za-z0-9.-]+[A-Za-z0-9])");

    /**
     * The thread a case's emails answer: the customer's message that opened the case (as
     * {@link #threadCase} recorded it), else the first email sent about the case, else none.
     */
    public EmailThread caseThread(UUID tenantId, UUID refundRequestId) {
        return jdbc.sql("""
                        select in_reply_to, references_ids, subject from email_threads
                        where tenant_id = :t and refund_request_id = :r""")
                .param("t", tenantId).param("r", refundRequestId)
                .query((rs, n) -> new EmailThread(rs.getString(1), List.of(rs.getString(2).split(" ")),
                        rs.getString(3) == null ? null : EmailThread.reply(rs.getString(3))))
                .optional()
                .or(() -> jdbc.sql("""
                                select message_id, references_ids from email_outbox
                                where tenant_id = :t and refund_request_id = :r order by seq limit 1""")
                        .param("t", tenantId).param("r", refundRequestId)
                        .query((rs, n) -> new EmailThread(rs.getString(1), references(rs.getString(2), rs.getString(1)),
                                null))
                        .optional())
                .orElse(null);
    }

    private static List<String> references(String earlier, String last) {
        List<String> chain = new ArrayList<>(earlier == null || earlier.isBlank() ? List.of()
                : List.of(earlier.split(" ")));
        chain.add(last);
        return chain;
    }

    /**
     * Makes {@code thread} the conversation of a case that came by email: its emails answer it from
     * now on, and those already queued in this transaction (the receipt, the outcome) are rewritten
     * to answer it too.
     */
    @Transactional
    public void threadCase(UUID tenantId, UUID refundRequestId, EmailThread thread) {
        int recorded = jdbc.sql("""
                        insert into email_threads (tenant_id, refund_request_id, in_reply_to, references_ids, subject,
                                                   created_at)
                        values (:t, :r, :irt, :refs, :subject, :now)
                        on conflict (tenant_id, refund_request_id) do nothing""")
                .param("t", tenantId).param("r", refundRequestId).param("irt", thread.inReplyTo())
                .param("refs", String.join(" ", thread.references())).param("subject", thread.subject())
                .param("now", ts(clock.instant())).update();
        if (recorded == 0) {
            return;
        }
        jdbc.sql("""
                        update email_outbox set in_reply_to = :irt, references_ids = :refs,
                               subject = coalesce(:subject, subject)
                        where tenant_id = :t and refund_request_id = :r and status = 'pending'""")
                .param("t", tenantId).param("r", refundRequestId).param("irt", thread.inReplyTo())
                .param("refs", String.join(" ", thread.references()))
                .param("subject", thread.subject() == null ? null : EmailThread.reply(thread.subject())).update();
    }

    /** The case an email we sent was about, by its Message-ID (with angle brackets). */
    public Optional<UUID> caseOfMessage(UUID tenantId, String messageId) {
        return jdbc.sql("""
                        select refund_request_id from email_outbox
                        where tenant_id = :t and message_id = :m and refund_request_id is not null""")
                .param("t", tenantId).param("m", messageId).query(UUID.class).optional();
    }

    /** Sets a tenant's own subject and body for a message; placeholders as in the built-in ones. */
    @Transactional
    public void customise(UUID tenantId, String template, String subject, String body) {
        if (!TEMPLATES.containsKey(template) && !isOwnBankTemplate(template)) {
            throw dev.creditdesk.shared.ApiProblem.notFound("email template", template);
        }
        jdbc.sql("""
                        insert into email_templates (tenant_id, template, subject, body, updated_at)
                        values (:t, :n, :s, :b, :now)
                        on conflict (tenant_id, template) do update set subject = excluded.subject, body = excluded.body,
                            updated_at = excluded.updated_at""")
                .param("t", tenantId).param("n", template).param("s", subject).param("b", body)
                .param("now", ts(clock.instant())).update();
    }

    /** The templates a tenant sends, its own where it has them. */
    public Map<String, String[]> templates(UUID tenantId) {
        Map<String, String[]> all = new java.util.TreeMap<>(TEMPLATES);
        jdbc.sql("select template, subject, body from email_templates where tenant_id = :t").param("t", tenantId)
                .query((rs, n) -> Map.entry(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}))
                .list().forEach(e -> all.put(e.getKey(), e.getValue()));
        return all;
    }

    /**
     * Newest first, all the tenant's messages or one refund request's; {@code startingAfter} is the
     * {@code next_cursor} of the previous page: the id of one of the tenant's messages.
     */
    public ListPage<Email> page(UUID tenantId, UUID refundRequestId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Long afterSeq = after == null ? null : jdbc.sql("select seq from email_outbox where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", after).query(Long.class).optional()
                .orElseThrow(ListPage::notACursor);
        List<Email> rows = jdbc.sql("""
                        select * from email_outbox where tenant_id = :t
                          and (cast(:r as uuid) is null or refund_request_id = :r)
                          and (cast(:after as bigint) is null or seq < :after)
                        order by seq desc limit :n""")
                .param("t", tenantId).param("r", refundRequestId).param("after", afterSeq).param("n", limit + 1)
                .query(Notifications::map).list();
        return ListPage.of(rows, limit, Email::id);
    }

    public List<Email> recent(UUID tenantId, int limit) {
        return jdbc.sql("select * from email_outbox where tenant_id = :t order by seq desc limit :n")
                .param("t", tenantId).param("n", limit).query(Notifications::map).list();
    }

    /**
     * A page of the tenant's messages, newest first, for people looking for one: {@code search}
     * matches the recipient or subject (any part, any case) or is a case's or message's id;
     * {@code filter} null for all. A cursor that names no message of the tenant reads as the first page.
     */
    public Keyset<Email> search(UUID tenantId, String search, OutboxFilter filter, Keyset.Cursor cursor, int limit) {
        if (limit < 1 || limit > ListPage.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + ListPage.MAX_LIMIT);
        }
        UUID at = cursor.backwards() ? cursor.before() : cursor.after();
        Long atSeq = at == null ? null : jdbc.sql("select seq from email_outbox where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", at).query(Long.class).optional().orElse(null);
        if (atSeq == null) {
            cursor = Keyset.Cursor.FIRST;
        }
        String q = search == null ? "" : search.strip();
        UUID qId = parseId(q);
        String sql = "select * from email_outbox where tenant_id = :t"
                + (q.isEmpty() ? "" : " and (recipient ilike :like escape '\\' or subject ilike :like escape '\\'"
                        + (qId == null ? "" : " or refund_request_id = :qid or id = :qid") + ")")
                + (filter == null ? "" : " and " + filter.condition)
                + (atSeq == null ? "" : cursor.backwards() ? " and seq > :at" : " and seq < :at")
                + (cursor.backwards() ? " order by seq asc" : " order by seq desc") + " limit :n";
        var statement = jdbc.sql(sql).param("t", tenantId).param("n", limit + 1);
        if (!q.isEmpty()) {
            statement = statement.param("like", "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (!q.isEmpty() && qId != null) {
            statement = statement.param("qid", qId);
        }
        if (atSeq != null) {
            statement = statement.param("at", atSeq);
        }
        return Keyset.of(statement.query(Notifications::map).list(), limit, cursor, Email::id);
    }

    private static UUID parseId(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Email require(UUID tenantId, UUID emailId) {
        return jdbc.sql("select * from email_outbox where tenant_id = :t and id = :id").param("t", tenantId)
                .param("id", emailId).query(Notifications::map).optional()
                .orElseThrow(() -> ApiProblem.notFound("email", emailId));
    }

    /**
     * Locks the message as the sender does when it claims it ({@code for update}): while the sender
     * is sending it, this waits for that to end and then sees it sent, so a send is never cut in two.
     */
    private Email lock(UUID tenantId, UUID emailId) {
        return jdbc.sql("select * from email_outbox where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", emailId).query(Notifications::map).optional()
                .orElseThrow(() -> ApiProblem.notFound("email", emailId));
    }

    /** Cancels a pending message: it is never sent. A message already sent, failed or cancelled answers 409. */
    @Transactional
    public Email cancel(UUID tenantId, UUID emailId, String actor) {
        Email email = lock(tenantId, emailId);
        if (!email.cancellable()) {
            throw ApiProblem.conflict("email-not-pending", "This email is " + email.status()
                    + (Email.SENT.equals(email.status()) ? " (it went out before the cancel reached it)" : "")
                    + "; only a pending email can be cancelled.");
        }
        jdbc.sql("""
                        update email_outbox set status = 'cancelled', next_attempt_at = null, cancelled_at = :now,
                               cancelled_by = :by
                        where tenant_id = :t and id = :id""")
                .param("now", ts(clock.instant())).param("by", actor).param("t", tenantId).param("id", emailId)
                .update();
        return require(tenantId, emailId);
    }

    /**
     * Sends a sent or failed message again, as a new message naming it ({@code resentFrom}): same
     * recipient, subject, body and thread, a Message-ID of its own. One resend of a message may wait
     * at a time; a second answers 409 until it has gone out or been cancelled.
     */
    @Transactional
    public Email resend(UUID tenantId, UUID emailId, String actor) {
        Email original = lock(tenantId, emailId);
        if (!original.resendable()) {
            throw ApiProblem.conflict("email-not-sent", "This email is " + original.status()
                    + "; only a sent or failed email can be resent.");
        }
        Optional<UUID> waiting = jdbc.sql("""
                        select id from email_outbox where tenant_id = :t and resent_from = :id and status = 'pending'
                        limit 1""")
                .param("t", tenantId).param("id", emailId).query(UUID.class).optional();
        if (waiting.isPresent()) {
            throw ApiProblem.conflict("email-resend-pending", "A resend of this email is already waiting to be sent ("
                    + waiting.get() + "); nothing was added.");
        }
        Instant now = clock.instant();
        UUID id = Ids.newId(clock);
        jdbc.sql("""
                        insert into email_outbox (tenant_id, id, template, recipient, sender, subject, body,
                                                  refund_request_id, status, next_attempt_at, created_at, message_id,
                                                  in_reply_to, references_ids, resent_from)
                        select tenant_id, :id, template, recipient, sender, subject, body, refund_request_id, 'pending',
                               :now, :now, :mid, in_reply_to, references_ids, id
                        from email_outbox where tenant_id = :t and id = :original""")
                .param("id", id).param("now", ts(now)).param("mid", messageId(id, original.sender()))
                .param("t", tenantId).param("original", emailId).update();
        return require(tenantId, id);
    }

    private static String render(String text, Map<String, String> values, Tenant tenant) {
        String out = text.replace("{tenant}", tenant.name());
        for (Map.Entry<String, String> value : values.entrySet()) {
            out = out.replace("{" + value.getKey() + "}", value.getValue() == null ? "" : value.getValue());
        }
        return out;
    }

    static Email map(ResultSet rs, int row) throws SQLException {
        return new Email(rs.getObject("id", UUID.class), rs.getString("template"), rs.getString("recipient"),
                rs.getString("sender"), rs.getString("subject"), rs.getString("body"),
                rs.getObject("refund_request_id", UUID.class), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "sent_at"), rs.getString("message_id"),
                rs.getString("in_reply_to"), rs.getObject("resent_from", UUID.class));
    }
}
