package dev.creditdesk.notifications;

import java.time.Instant;
import java.util.UUID;

/** One message in the outbox: pending (not yet sent, or waiting for a retry), sent or failed. */
public record Email(UUID id, String template, String recipient, String sender, String subject, String body,
        UUID refundRequestId, String status, int attempts, String lastError, Instant createdAt, Instant sentAt) {
}
