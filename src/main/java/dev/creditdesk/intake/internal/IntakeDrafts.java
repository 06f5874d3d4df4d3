package dev.creditdesk.intake.internal;

import static dev.creditdesk.shared.Sql.ts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Refund requests by email that wait for the details one reply asked for (table intake_drafts). */
@Repository
class IntakeDrafts {

    /** What the customer's messages said so far, and the thread they started. */
    record Fields(@Nullable String orderNumber, @Nullable String transactionId, @Nullable LocalDate purchaseDate,
            @Nullable String purchaseDateText, @Nullable String taskId, String reason, @Nullable String categoryGuess,
            List<String> mentionedEmails, String subject, List<String> thread) {

        Fields {
            mentionedEmails = List.copyOf(mentionedEmails);
            thread = List.copyOf(thread);
        }
    }

    /** Where a draft stands: waiting for the customer's answer, opened as a case, or handed to support. */
    enum Status {
        WAITING, OPENED, UNMATCHED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String wireName) {
            return valueOf(wireName.toUpperCase(Locale.ROOT));
        }
    }

    record Draft(UUID id, String sender, Fields fields, String askedMessageId, Status status,
            @Nullable UUID refundRequestId) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    IntakeDrafts(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(UUID tenantId, UUID id, String sender, Fields fields, String askedMessageId, Instant now) {
        jdbc.sql("""
                        insert into intake_drafts (tenant_id, id, sender, fields, asked_message_id, status, created_at,
                                                   updated_at)
                        values (:t, :id, :s, cast(:f as jsonb), :asked, :status, :now, :now)""")
                .param("status", Status.WAITING.wireName()).param("t", tenantId).param("id", id).param("s", sender).param("f", json.writeValueAsString(fields))
                .param("asked", askedMessageId).param("now", ts(now)).update();
    }

    /** The draft whose "details needed" reply had this Message-ID, locked. */
    Optional<Draft> byAsked(UUID tenantId, String messageId) {
        return jdbc.sql("select * from intake_drafts where tenant_id = :t and asked_message_id = :m for update")
                .param("t", tenantId).param("m", messageId).query((rs, n) -> map(rs)).optional();
    }

    Optional<Draft> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from intake_drafts where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query((rs, n) -> map(rs)).optional();
    }

    void close(UUID tenantId, UUID id, Status status, UUID requestId, Fields fields, Instant now) {
        jdbc.sql("""
                        update intake_drafts set status = :s, refund_request_id = :r, fields = cast(:f as jsonb),
                               updated_at = :now
                        where tenant_id = :t and id = :id""")
                .param("s", status.wireName()).param("r", requestId).param("f", json.writeValueAsString(fields))
                .param("now", ts(now)).param("t", tenantId).param("id", id).update();
    }

    /** How many replies asking for details went to {@code sender} since {@code since}. */
    long askedSince(UUID tenantId, String sender, Instant since) {
        return jdbc.sql("select count(*) from intake_drafts where tenant_id = :t and sender = :s and created_at > :since")
                .param("t", tenantId).param("s", sender).param("since", ts(since)).query(Long.class).single();
    }

    private Draft map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Draft(rs.getObject("id", UUID.class), rs.getString("sender"),
                json.readValue(rs.getString("fields"), Fields.class), rs.getString("asked_message_id"),
                Status.of(rs.getString("status")), rs.getObject("refund_request_id", UUID.class));
    }
}
