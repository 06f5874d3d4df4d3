package dev.creditdesk.intake.internal.parse;

import dev.creditdesk.intake.ParsedMail.Attachment;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the MIME structure of a message holds, read: the body text (the plain part, or the HTML part
 * turned into text when there is no plain one), the files, and the messages forwarded as attachments.
 *
 * @param report whether the message is (or holds) a delivery or read report: a bounce
 */
public record MimeContent(String text, List<Attachment> attachments, List<Forwarded> forwarded, boolean report) {

    public MimeContent {
        attachments = List.copyOf(attachments);
        forwarded = List.copyOf(forwarded);
    }

    /** A message attached as {@code message/rfc822}: who wrote it and its text. */
    public record Forwarded(@Nullable String from, String subject, String text) {
    }
}
