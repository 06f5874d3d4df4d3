package dev.creditdesk.webhooks.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.webhooks.EndpointStatus;
import dev.creditdesk.webhooks.WebhookEndpoint;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The webhook_endpoints table; secrets go in and out only sealed. */
@Repository
public class EndpointStore {

    private final JdbcClient jdbc;

    EndpointStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID tenantId, WebhookEndpoint e, String sealedSecret) {
        jdbc.sql("""
                        insert into webhook_endpoints (tenant_id, id, url, description, enabled_events, status, secret,
                                                       created_at, updated_at)
                        values (:t, :id, :url, :description, cast(:events as text[]), :status, :secret, :now, :now)""")
                .param("t", tenantId).param("id", e.id()).param("url", e.url()).param("description", e.description())
                .param("events", array(e.enabledEvents())).param("status", e.status().wireName())
                .param("secret", sealedSecret).param("now", ts(e.createdAt()))
                .update();
    }

    /** Writes url, description, events and status as given; enabling again forgets past failures. */
    public void update(UUID tenantId, WebhookEndpoint e) {
        jdbc.sql("""
                        update webhook_endpoints set url = :url, description = :description,
                               enabled_events = cast(:events as text[]), status = :status,
                               disabled_reason = case when :status = 'enabled' then null else :reason end,
                               failing_since = case when :status = 'enabled' then null else failing_since end,
                               updated_at = :now
                        where tenant_id = :t and id = :id""")
                .param("t", tenantId).param("id", e.id()).param("url", e.url()).param("description", e.description())
                .param("events", array(e.enabledEvents())).param("status", e.status().wireName())
                .param("reason", e.disabledReason()).param("now", ts(e.updatedAt()))
                .update();
    }

    /** The new secret signs from now on; the current one beside it until {@code previousExpiresAt}. */
    public void rotate(UUID tenantId, UUID id, String sealedSecret, Instant previousExpiresAt, Instant now) {
        jdbc.sql("""
                        update webhook_endpoints set previous_secret = secret, previous_secret_expires_at = :expires,
                               secret = :secret, updated_at = :now
                        where tenant_id = :t and id = :id""")
                .param("t", tenantId).param("id", id).param("secret", sealedSecret)
                .param("expires", ts(previousExpiresAt)).param("now", ts(now))
                .update();
    }

    public boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from webhook_endpoints where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).update() > 0;
    }

    public Optional<WebhookEndpoint> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from webhook_endpoints where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(EndpointStore::map).optional();
    }

    public Optional<WebhookEndpoint> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from webhook_endpoints where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query(EndpointStore::map).optional();
    }

    /** Newest first, after the endpoint {@code before} (exclusive) when given. */
    public List<WebhookEndpoint> list(UUID tenantId, Long beforeSeq, int limit) {
        return jdbc.sql("""
                        select * from webhook_endpoints where tenant_id = :t
                          and (cast(:before as bigint) is null or seq < :before)
                        order by seq desc limit :n""")
                .param("t", tenantId).param("before", beforeSeq).param("n", limit).query(EndpointStore::map).list();
    }

    public Optional<Long> seq(UUID tenantId, UUID id) {
        return jdbc.sql("select seq from webhook_endpoints where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(Long.class).optional();
    }

    static WebhookEndpoint map(ResultSet rs, int row) throws SQLException {
        Array events = rs.getArray("enabled_events");
        return new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getString("url"), rs.getString("description"),
                List.copyOf(Arrays.asList((String[]) events.getArray())),
                EndpointStatus.fromWireName(rs.getString("status")).orElseThrow(), rs.getString("disabled_reason"),
                instant(rs, "previous_secret_expires_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static String array(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append('"').append(values.get(i)).append('"');
        }
        return out.append('}').toString();
    }
}
