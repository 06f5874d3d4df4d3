package dev.creditdesk.webhooks.internal;

import static dev.creditdesk.shared.Sql.instant;

import dev.creditdesk.webhooks.Delivery;
import dev.creditdesk.webhooks.DeliveryStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads deliveries with their attempts, newest first. */
@Repository
public class DeliveryLog {

    private static final String SELECT = """
            select d.id, d.endpoint_id, d.event_id, e.type, d.object_id, d.status, d.attempts, d.next_attempt_at,
                   d.last_status, d.last_error, d.created_at, d.completed_at
            from webhook_deliveries d join events e on e.tenant_id = d.tenant_id and e.id = d.event_id
            """;

    private final JdbcClient jdbc;

    DeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Delivery> ofEndpoint(UUID tenantId, UUID endpointId, Long beforeSeq, int limit) {
        return withAttempts(tenantId, jdbc.sql(SELECT + """
                        where d.tenant_id = :t and d.endpoint_id = :endpoint
                          and (cast(:before as bigint) is null or d.seq < :before)
                        order by d.seq desc limit :n""")
                .param("t", tenantId).param("endpoint", endpointId).param("before", beforeSeq).param("n", limit)
                .query(DeliveryLog::map).list());
    }

    public List<Delivery> byIds(UUID tenantId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return withAttempts(tenantId, jdbc.sql(SELECT + " where d.tenant_id = :t and d.id in (:ids) order by d.seq")
                .param("t", tenantId).param("ids", ids).query(DeliveryLog::map).list());
    }

    public Optional<Long> seq(UUID tenantId, UUID endpointId, UUID id) {
        return jdbc.sql("select seq from webhook_deliveries where tenant_id = :t and endpoint_id = :e and id = :id")
                .param("t", tenantId).param("e", endpointId).param("id", id).query(Long.class).optional();
    }

    private List<Delivery> withAttempts(UUID tenantId, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        record Row(UUID delivery, Delivery.Attempt attempt) {
        }
        Map<UUID, List<Delivery.Attempt>> attempts = jdbc.sql("""
                        select delivery_id, attempted_at, status_code, latency_ms, error from webhook_attempts
                        where tenant_id = :t and delivery_id in (:ids) order by seq""")
                .param("t", tenantId).param("ids", deliveries.stream().map(Delivery::id).toList())
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), new Delivery.Attempt(instant(rs, "attempted_at"),
                        (Integer) rs.getObject("status_code"), rs.getLong("latency_ms"), rs.getString("error"))))
                .list().stream().collect(Collectors.groupingBy(Row::delivery,
                        Collectors.mapping(Row::attempt, Collectors.toList())));
        List<Delivery> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            out.add(new Delivery(d.id(), d.endpointId(), d.eventId(), d.eventType(), d.objectId(), d.status(),
                    d.attemptCount(), d.nextAttemptAt(), d.lastStatusCode(), d.lastError(), d.createdAt(),
                    d.completedAt(), List.copyOf(attempts.getOrDefault(d.id(), List.of()))));
        }
        return out;
    }

    private static Delivery map(ResultSet rs, int row) throws SQLException {
        DeliveryStatus status = DeliveryStatus.of(rs.getString("status"));
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                rs.getObject("event_id", UUID.class), rs.getString("type"), rs.getString("object_id"), status,
                rs.getInt("attempts"), status == DeliveryStatus.PENDING ? instant(rs, "next_attempt_at") : null,
                (Integer) rs.getObject("last_status"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "completed_at"), List.of());
    }
}
