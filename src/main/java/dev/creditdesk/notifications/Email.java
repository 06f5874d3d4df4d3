package dev.creditdesk.notifications;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One message in the outbox: pending (not yet sent, or waiting for a retry), sent or failed.
 * {@code messageId} is its Message-ID header; {@code inReplyTo} the message of the thread it answers.
 */
public record Email(UUID id, String template, String recipient, @Nullable String sender, String subject, String body,
        @Nullable UUID refundRequestId, @Schema(allowableValues = {"pending", "sent", "failed"}) String status,
        int attempts, @Nullable String lastError, Instant createdAt, @Nullable Instant sentAt, String messageId,
        @Nullable String inReplyTo) {

    @JsonProperty(index = 0)
    public String object() {
        return "email";
    }
}
