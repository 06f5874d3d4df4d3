package dev.creditdesk.webhooks;

import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.ListPage;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The events about one account, newest first, within the feed's retention: those of the account
 * itself and those whose object names it ({@code account_id}: its orders, tasks, credit blocks,
 * disputes, refund requests).
 */
@Service
public class AccountEvents {

    private final JdbcClient jdbc;
    private final WebhookSettings settings;
    private final Clock clock;

    AccountEvents(JdbcClient jdbc, WebhookSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code startingAfter} is the id of an event of the previous page ({@code next_cursor}). */
    public ListPage<Event> page(UUID tenantId, UUID accountId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Long afterSeq = after == null ? null : jdbc.sql("select seq from events where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", after).query(Long.class).optional()
                .orElseThrow(ListPage::notACursor);
        List<Event> rows = jdbc.sql("""
                        select id, type, object_type, object_id, created_at,
                               (payload -> 'data' -> 'object')::text as data_object
                        from events where tenant_id = :t and created_at >= :since
                          and (object_id = :a or payload -> 'data' -> 'object' ->> 'account_id' = :a)
                          and (cast(:after as bigint) is null or seq < :after)
                        order by seq desc limit :n""")
                .param("t", tenantId).param("since", ts(clock.instant().minus(settings.eventsRetention())))
                .param("a", accountId.toString()).param("after", afterSeq).param("n", limit + 1)
                .query(Events::map).list();
        return ListPage.of(rows, limit, Event::id);
    }
}
