package dev.creditdesk.webhooks.internal;

import static dev.creditdesk.shared.Sql.ts;

import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Queues one delivery, due at once: the one way a delivery row is created. */
public final class DeliveryQueue {

    private DeliveryQueue() {
    }

    public static void insert(JdbcClient jdbc, UUID tenantId, UUID id, UUID endpointId, UUID eventId, String objectId,
            Instant now) {
        jdbc.sql("""
                        insert into webhook_deliveries (tenant_id, id, endpoint_id, event_id, object_id, status,
                                                        next_attempt_at, created_at)
                        values (:t, :id, :endpoint, :event, :object, 'pending', :now, :now)""")
                .param("t", tenantId).param("id", id).param("endpoint", endpointId).param("event", eventId)
                .param("object", objectId).param("now", ts(now))
                .update();
    }
}
