package dev.creditdesk.webhooks.internal;

import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every {@link ResourceChanged} in the transaction that published it (synchronously, so
 * the event and its deliveries commit or roll back with the change): the resource is rendered as
 * its GET returns it, the event object stored, and one delivery queued per enabled endpoint of
 * the tenant that subscribed to the type.
 */
@Component
public class EventRecorder {

    /** The event object, as the webhook body and {@code GET /v1/events/{id}} show it. */
    record EventObject(UUID id, String object, String type, Instant created, Data data) {
    }

    record Data(Object object) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, ResourceRenderer> renderers = new HashMap<>();

    EventRecorder(JdbcClient jdbc, JsonMapper json, Clock clock, List<ResourceRenderer> renderers) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        for (ResourceRenderer renderer : renderers) {
            ResourceRenderer earlier = this.renderers.put(renderer.objectType(), renderer);
            if (earlier != null) {
                throw new IllegalStateException("two renderers for " + renderer.objectType() + ": "
                        + earlier.getClass().getName() + " and " + renderer.getClass().getName());
            }
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(ResourceChanged change) {
        EventType type = change.type();
        ResourceRenderer renderer = renderers.get(type.objectType());
        if (renderer == null) {
            throw new IllegalStateException("no ResourceRenderer for " + type.objectType() + " (event " + type.wireName()
                    + "): register one beside the resource's controller");
        }
        Object resource = renderer.render(change.tenantId(), change.objectId()).orElseThrow(() ->
                new IllegalStateException(type.wireName() + " published for " + type.objectType() + " "
                        + change.objectId() + ", which its renderer cannot find in tenant " + change.tenantId()));
        Instant created = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = Ids.newId(clock);
        String payload = json.writeValueAsString(
                new EventObject(id, "event", type.wireName(), created, new Data(resource)));
        jdbc.sql("""
                        insert into events (tenant_id, id, type, object_type, object_id, payload, created_at)
                        values (:t, :id, :type, :objectType, :objectId, cast(:payload as json), :created)""")
                .param("t", change.tenantId()).param("id", id).param("type", type.wireName())
                .param("objectType", type.objectType()).param("objectId", change.objectId())
                .param("payload", payload).param("created", ts(created))
                .update();
        List<UUID> endpoints = jdbc.sql("""
                        select id from webhook_endpoints
                        where tenant_id = :t and status = 'enabled'
                          and ('*' = any(enabled_events) or :type = any(enabled_events))
                        order by seq""")
                .param("t", change.tenantId()).param("type", type.wireName()).query(UUID.class).list();
        for (UUID endpoint : endpoints) {
            DeliveryQueue.insert(jdbc, change.tenantId(), Ids.newId(clock), endpoint, id, change.objectId(), created);
        }
    }
}
