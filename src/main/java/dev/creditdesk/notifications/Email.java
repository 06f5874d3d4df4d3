package dev.creditdesk.notifications;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** One message in the outbox: pending (not yet sent, or waiting for a retry), sent or failed. */
public record Email(UUID id, String template, String recipient, String sender, String subject, String body,
        UUID refundRequestId, String status, int attempts, String lastError, Instant createdAt, Instant sentAt) {

    @JsonProperty(index = 0)
    public String object() {
        return "email";
    }
}
