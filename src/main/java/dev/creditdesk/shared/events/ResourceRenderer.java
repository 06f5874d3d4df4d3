package dev.creditdesk.shared.events;

import java.util.Optional;
import java.util.UUID;

/**
 * Renders one kind of resource as the API returns it, for the {@code data.object} of an event.
 * Each module that owns a resource registers one (a Spring bean, usually next to its controller,
 * using the same view mapping as its GET).
 */
public interface ResourceRenderer {

    /** The {@code object} value of the resources this renders, e.g. {@code refund_request}. */
    String objectType();

    /** The resource as {@code GET} returns it, or empty if it does not exist for this tenant. */
    Optional<Object> render(UUID tenantId, String objectId);

    /** The UUID an object id names, or empty when it names none (so the resource does not exist). */
    static Optional<UUID> uuid(String objectId) {
        try {
            return Optional.of(UUID.fromString(objectId));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
