package dev.creditdesk.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A URL a tenant registered for the event types it wants ({@code *}: all of them). Never carries its secret. */
public record WebhookEndpoint(UUID id, String url, String description, List<String> enabledEvents,
        EndpointStatus status, String disabledReason, Instant previousSecretExpiresAt, Instant createdAt,
        Instant updatedAt) {
}
