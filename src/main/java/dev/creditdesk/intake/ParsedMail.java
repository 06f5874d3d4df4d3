package dev.creditdesk.intake;

import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one email says, as {@link MailParser} reads it. Fields the message does not give are null
 * (lists empty). Nothing here is checked against the records yet: intake does that.
 *
 * @param key            what makes the message unique in its mailbox: its Message-ID, or
 *                       {@code sha256:<hex of the raw bytes>} when it has none
 * @param messageId      the Message-ID header with its angle brackets, as written
 * @param inReplyTo      the In-Reply-To header's message ids
 * @param references     the References header's message ids, oldest first
 * @param from           the sender's address, lower case
 * @param kind           what the message is (a refund request, something else, an automatic message…)
 * @param mentionedEmails other addresses the body names as the customer's account ("my account is x@y")
 * @param purchaseDateText the date as the customer wrote it, when one was found (for support to see)
 * @param taskId         a task id as written (the product's task ids are opaque strings)
 * @param reason         the customer's words, without quoted replies, signatures or the field lines
 * @param categoryGuess  a refund category id guessed from keywords (a guess; support corrects it)
 * @param caseToken      the case reference Creditdesk writes in its subjects and bodies, when quoted back
 */
public record ParsedMail(
        String key,
        @Nullable String messageId,
        List<String> inReplyTo,
        List<String> references,
        @Nullable String from,
        @Nullable String fromName,
        String subject,
        Kind kind,
        List<String> mentionedEmails,
        @Nullable String orderNumber,
        @Nullable String transactionId,
        @Nullable LocalDate purchaseDate,
        @Nullable String purchaseDateText,
        @Nullable String taskId,
        String reason,
        @Nullable String categoryGuess,
        @Nullable String caseToken,
        List<Attachment> attachments) {

    public ParsedMail {
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
        mentionedEmails = List.copyOf(mentionedEmails);
        attachments = List.copyOf(attachments);
    }

    /** What a message is. Only {@link #REFUND_REQUEST} opens a case by itself. */
    public enum Kind {
        /** The subject or the body asks for a refund. */
        REFUND_REQUEST,
        /** Written by a person, but not a refund request (a question, a thank-you…). */
        OTHER,
        /** Written by a machine (Auto-Submitted, bounces, out-of-office, mailing lists): never answered. */
        AUTOMATED,
        /** Looks like spam: kept for support to see, never answered. */
        SPAM
    }

    /**
     * A file in the message: an attachment or an inline image. {@code contentType} is the declared
     * type without parameters, lower case.
     */
    public record Attachment(String filename, String contentType, byte[] data, boolean inline) {
    }

    /** Whether a reply would reach a person and be wanted: not for automatic messages or spam. */
    public boolean answerable() {
        return from != null && (kind == Kind.REFUND_REQUEST || kind == Kind.OTHER);
    }
}
