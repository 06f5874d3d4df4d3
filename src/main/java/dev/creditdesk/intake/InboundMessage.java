package dev.creditdesk.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A message read from the tenant's mailbox, as support sees it: who sent it, what the parser read
 * from it, what became of it and why. The raw message stays stored and is never listed.
 *
 * @param why     why it matched nothing (or what a case refused of it), in words
 * @param refused files of the message a case did not take as evidence, each "name: why"
 */
public record InboundMessage(UUID id, @Nullable String sender, String subject, Instant receivedAt,
        @Schema(implementation = InboundStatus.class) String status,
        @Schema(allowableValues = {"refund_request", "other", "automated", "spam"}) String kind,
        @Nullable String why, @Nullable UUID refundRequestId, @Nullable String messageId, Fields fields,
        String text, List<String> attachments, List<String> refused) {

    public InboundMessage {
        attachments = List.copyOf(attachments);
        refused = List.copyOf(refused);
    }

    @JsonProperty(index = 0)
    public String object() {
        return "inbound_message";
    }

    /** The facts the parser read from the message (null: not found in it). */
    public record Fields(@Nullable String orderNumber, @Nullable String transactionId,
            @Nullable LocalDate purchaseDate, @Nullable String purchaseDateText, @Nullable String taskId,
            @Nullable String categoryGuess, @Nullable String caseToken, List<String> mentionedEmails) {
    }
}
