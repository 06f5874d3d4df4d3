package dev.creditdesk.notifications;

import dev.creditdesk.shared.ListPage;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One customer's part of the outbox: the messages to their address (any case) and those of their
 * refund requests (sent to an address they used before, say), newest first.
 */
@Service
public class CustomerEmails {

    private final JdbcClient jdbc;

    CustomerEmails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code startingAfter} is the id of a message of the previous page ({@code next_cursor}). */
    public ListPage<Email> page(UUID tenantId, String email, Collection<UUID> refundRequestIds, String startingAfter,
            int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Long afterSeq = after == null ? null : jdbc.sql("select seq from email_outbox where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", after).query(Long.class).optional()
                .orElseThrow(ListPage::notACursor);
        UUID[] cases = refundRequestIds.toArray(UUID[]::new);
        List<Email> rows = jdbc.sql("""
                        select * from email_outbox where tenant_id = :t
                          and (lower(recipient) = lower(:email) or refund_request_id = any(:cases))
                          and (cast(:after as bigint) is null or seq < :after)
                        order by seq desc limit :n""")
                .param("t", tenantId).param("email", email).param("cases", cases).param("after", afterSeq)
                .param("n", limit + 1).query(Notifications::map).list();
        return ListPage.of(rows, limit, Email::id);
    }
}
