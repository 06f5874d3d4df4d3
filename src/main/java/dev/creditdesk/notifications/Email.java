package dev.creditdesk.notifications;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One message in the outbox: pending (not yet sent, or waiting for a retry), sent, failed, or
 * cancelled by support (never sent). {@code messageId} is its Message-ID header; {@code inReplyTo}
 * the message of the thread it answers; {@code resentFrom} the message it repeats, when support
 * resent one.
 */
public record Email(UUID id, String template, String recipient, @Nullable String sender, String subject, String body,
        @Nullable UUID refundRequestId, @Schema(allowableValues = {"pending", "sent", "failed", "cancelled"}) String status,
        int attempts, @Nullable String lastError, Instant createdAt, @Nullable Instant sentAt, String messageId,
        @Nullable String inReplyTo, @Nullable UUID resentFrom) {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** Support may cancel it: it waits to be sent (a first time or again). */
    public boolean cancellable() {
        return PENDING.equals(status);
    }

    /** Support may send it again: it went out, or sending it was given up. */
    public boolean resendable() {
        return SENT.equals(status) || FAILED.equals(status);
    }

    @JsonProperty(index = 0)
    public String object() {
        return "email";
    }
}
