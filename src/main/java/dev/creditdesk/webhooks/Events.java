package dev.creditdesk.webhooks;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.ListPage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The events feed: what happened in a tenant, newest first, as far back as the retention allows. */
@Service
public class Events {

    private static final String COLUMNS = "id, type, object_type, object_id, created_at, "
            + "(payload -> 'data' -> 'object')::text as data_object";

    private final JdbcClient jdbc;
    private final WebhookSettings settings;
    private final Clock clock;

    Events(JdbcClient jdbc, WebhookSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Newest first, optionally only one type or one object's; {@code startingAfter} is the id of an
     * event of this list (the previous page's {@code next_cursor}).
     */
    public ListPage<Event> page(UUID tenantId, String type, String objectId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Long afterSeq = after == null ? null : jdbc.sql("select seq from events where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", after).query(Long.class).optional()
                .orElseThrow(ListPage::notACursor);
        List<Event> rows = jdbc.sql("select " + COLUMNS + """
                         from events where tenant_id = :t and created_at >= :since
                          and (cast(:type as text) is null or type = :type)
                          and (cast(:object as text) is null or object_id = :object)
                          and (cast(:after as bigint) is null or seq < :after)
                        order by seq desc limit :n""")
                .param("t", tenantId).param("since", ts(oldestShown())).param("type", type)
                .param("object", objectId).param("after", afterSeq).param("n", limit + 1)
                .query(Events::map).list();
        return ListPage.of(rows, limit, Event::id);
    }

    /** One event of the tenant's within the retention, else 404. */
    public Event require(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from events where tenant_id = :t and id = :id and created_at >= :since")
                .param("t", tenantId).param("id", id).param("since", ts(oldestShown()))
                .query(Events::map).optional().orElseThrow(() -> ApiProblem.notFound("event", id));
    }

    private Instant oldestShown() {
        return clock.instant().minus(settings.eventsRetention());
    }

    static Event map(ResultSet rs, int row) throws SQLException {
        return new Event(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("object_type"),
                rs.getString("object_id"), instant(rs, "created_at"), rs.getString("data_object"));
    }
}
