package dev.creditdesk.intake.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.intake.InboundMessage;
import dev.creditdesk.intake.InboundStatus;
import dev.creditdesk.intake.ParsedMail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of inbound_messages: each message once, what the parser read, and what became of it. */
@Repository
public class InboundStore {

    private static final String COLUMNS = "id, sender, subject, received_at, status, kind, why, refund_request_id, "
            + "message_id, parsed, refused";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InboundStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Keeps a message unless one with its key is kept already; answers whether it was new. */
    boolean insert(UUID tenantId, UUID id, ParsedMail mail, byte[] raw, Instant now) {
        return jdbc.sql("""
                        insert into inbound_messages (tenant_id, id, message_key, message_id, sender, subject, kind,
                                                      raw, status, received_at, parsed, updated_at)
                        values (:t, :id, :key, :mid, :from, :subject, :kind, :raw, 'unmatched', :now,
                                cast(:parsed as jsonb), :now)
                        on conflict (tenant_id, message_key) do nothing""")
                .param("t", tenantId).param("id", id).param("key", mail.key()).param("mid", mail.messageId())
                .param("from", mail.from()).param("subject", mail.subject())
                .param("kind", mail.kind().name().toLowerCase(Locale.ROOT)).param("raw", raw)
                .param("now", ts(now)).param("parsed", json.writeValueAsString(parsed(mail))).update() == 1;
    }

    UUID idOfKey(UUID tenantId, String key) {
        return jdbc.sql("select id from inbound_messages where tenant_id = :t and message_key = :key")
                .param("t", tenantId).param("key", key).query(UUID.class).single();
    }

    /** Records what became of a message. */
    void settle(UUID tenantId, UUID id, InboundStatus status, String why, UUID requestId, UUID draftId,
            List<String> refused, Instant now) {
        jdbc.sql("""
                        update inbound_messages set status = :s, why = :why, refund_request_id = :r, draft_id = :d,
                               refused = :refused, updated_at = :now
                        where tenant_id = :t and id = :id""")
                .param("s", status.wireName()).param("why", why).param("r", requestId).param("d", draftId)
                .param("refused", refused.isEmpty() ? null : String.join("\n", refused)).param("now", ts(now))
                .param("t", tenantId).param("id", id).update();
    }

    /** Every message of a draft joins the case it opened (or waits for support with it). */
    void settleDraft(UUID tenantId, UUID draftId, InboundStatus status, String why, UUID requestId, Instant now) {
        jdbc.sql("""
                        update inbound_messages set status = :s, why = :why, refund_request_id = :r, updated_at = :now
                        where tenant_id = :t and draft_id = :d""")
                .param("s", status.wireName()).param("why", why).param("r", requestId).param("now", ts(now))
                .param("t", tenantId).param("d", draftId).update();
    }

    /** The case a message we received before belongs to, by its Message-ID. */
    Optional<UUID> caseOfMessage(UUID tenantId, String messageId) {
        return jdbc.sql("""
                        select refund_request_id from inbound_messages
                        where tenant_id = :t and message_id = :m and refund_request_id is not null limit 1""")
                .param("t", tenantId).param("m", messageId).query(UUID.class).optional();
    }

    /** The draft a message we received before waits in, by its Message-ID. */
    Optional<UUID> draftOfMessage(UUID tenantId, String messageId) {
        return jdbc.sql("""
                        select draft_id from inbound_messages
                        where tenant_id = :t and message_id = :m and draft_id is not null limit 1""")
                .param("t", tenantId).param("m", messageId).query(UUID.class).optional();
    }

    Optional<byte[]> raw(UUID tenantId, UUID id) {
        return jdbc.sql("select raw from inbound_messages where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(byte[].class).optional();
    }

    /** The raw messages of a draft, oldest first. */
    List<byte[]> draftRaws(UUID tenantId, UUID draftId) {
        return jdbc.sql("select raw from inbound_messages where tenant_id = :t and draft_id = :d order by seq")
                .param("t", tenantId).param("d", draftId).query(byte[].class).list();
    }

    /** Locks a message for support's action on it. */
    public Optional<InboundMessage> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from inbound_messages where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query(this::map).optional();
    }

    public Optional<InboundMessage> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from inbound_messages where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(this::map).optional();
    }

    public Optional<Long> seq(UUID tenantId, UUID id) {
        return jdbc.sql("select seq from inbound_messages where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(Long.class).optional();
    }

    /** Newest first; {@code status} null for all, {@code afterSeq} null from the start. */
    public List<InboundMessage> page(UUID tenantId, InboundStatus status, Long afterSeq, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from inbound_messages where tenant_id = :t
                          and (cast(:s as text) is null or status = :s)
                          and (cast(:after as bigint) is null or seq < :after)
                        order by seq desc limit :n""")
                .param("t", tenantId).param("s", status == null ? null : status.wireName())
                .param("after", afterSeq).param("n", limit).query(this::map).list();
    }

    /** The messages of a case, oldest first. */
    public List<InboundMessage> forCase(UUID tenantId, UUID requestId) {
        return jdbc.sql("select " + COLUMNS + " from inbound_messages where tenant_id = :t and refund_request_id = :r "
                        + "order by seq")
                .param("t", tenantId).param("r", requestId).query(this::map).list();
    }

    /** Records the category a case was opened with when it was only guessed from the message. */
    void markGuessedCategory(UUID tenantId, UUID id, String category) {
        jdbc.sql("""
                        update inbound_messages set parsed = jsonb_set(parsed, '{opened_with_guessed_category}',
                                                                       to_jsonb(cast(:c as text)))
                        where tenant_id = :t and id = :id""")
                .param("c", category).param("t", tenantId).param("id", id).update();
    }

    /** The category a case was opened with from a guess, if it was. */
    public Optional<String> guessedCategory(UUID tenantId, UUID requestId) {
        return jdbc.sql("""
                        select parsed ->> 'opened_with_guessed_category' from inbound_messages
                        where tenant_id = :t and refund_request_id = :r
                          and parsed ->> 'opened_with_guessed_category' is not null limit 1""")
                .param("t", tenantId).param("r", requestId).query(String.class).optional();
    }

    private Map<String, Object> parsed(ParsedMail mail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("order_number", mail.orderNumber());
        fields.put("transaction_id", mail.transactionId());
        fields.put("purchase_date", mail.purchaseDate() == null ? null : mail.purchaseDate().toString());
        fields.put("purchase_date_text", mail.purchaseDateText());
        fields.put("task_id", mail.taskId());
        fields.put("category_guess", mail.categoryGuess());
        fields.put("case_token", mail.caseToken());
        fields.put("mentioned_emails", mail.mentionedEmails());
        fields.put("text", mail.reason());
        List<String> names = new ArrayList<>();
        for (ParsedMail.Attachment file : mail.attachments()) {
            names.add(file.filename() == null ? "(unnamed " + file.contentType() + ")" : file.filename());
        }
        fields.put("attachments", names);
        return fields;
    }

    private InboundMessage map(ResultSet rs, int row) throws SQLException {
        String parsedJson = rs.getString("parsed");
        JsonNode parsed = parsedJson == null ? json.createObjectNode() : json.readTree(parsedJson);
        String refused = rs.getString("refused");
        return new InboundMessage(rs.getObject("id", UUID.class), rs.getString("sender"), rs.getString("subject"),
                instant(rs, "received_at"), rs.getString("status"), rs.getString("kind"), rs.getString("why"),
                rs.getObject("refund_request_id", UUID.class), rs.getString("message_id"),
                new InboundMessage.Fields(text(parsed, "order_number"), text(parsed, "transaction_id"),
                        text(parsed, "purchase_date") == null ? null : LocalDate.parse(text(parsed, "purchase_date")),
                        text(parsed, "purchase_date_text"), text(parsed, "task_id"), text(parsed, "category_guess"),
                        text(parsed, "case_token"), strings(parsed, "mentioned_emails")),
                text(parsed, "text") == null ? "" : text(parsed, "text"), strings(parsed, "attachments"),
                refused == null ? List.of() : List.of(refused.split("\n")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        JsonNode values = node.get(field);
        if (values != null) {
            values.forEach(v -> out.add(v.asString()));
        }
        return out;
    }
}
