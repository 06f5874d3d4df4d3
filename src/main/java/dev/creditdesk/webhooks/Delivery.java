package dev.creditdesk.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One event sent (or to be sent) to one endpoint, with every attempt so far. */
public record Delivery(UUID id, UUID endpointId, UUID eventId, String eventType, String objectId,
        DeliveryStatus status, int attemptCount, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
        Instant createdAt, Instant completedAt, List<Attempt> attempts) {

    /** One try: the receiver's status code (none when it could not be reached), how long it took, what went wrong. */
    public record Attempt(Instant attemptedAt, Integer statusCode, long latencyMs, String error) {
    }
}
