package dev.creditdesk.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded event: what happened ({@code type}, a wire name of
 * {@link dev.creditdesk.shared.events.EventType}) to which resource, and {@code dataObject}, the
 * JSON of the resource as the API returned it at that moment.
 */
public record Event(UUID id, String type, String objectType, String objectId, Instant created, String dataObject) {
}
