package dev.creditdesk.shared.events;

import java.util.UUID;

/**
 * Something the product must hear about happened to one resource. Published with Spring's
 * {@code ApplicationEventPublisher} inside the transaction that made the change; the webhooks
 * module records it in that same transaction (so it commits or rolls back with the change) and
 * renders {@code data.object} through the {@link ResourceRenderer} of {@code type.objectType()},
 * exactly as the API's GET returns it at that moment.
 */
public record ResourceChanged(UUID tenantId, EventType type, String objectId) {

    public static ResourceChanged of(UUID tenantId, EventType type, UUID objectId) {
        return new ResourceChanged(tenantId, type, objectId.toString());
    }
}
