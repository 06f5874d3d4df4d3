package dev.creditdesk.notifications;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The conversation an email continues: the message it answers ({@code In-Reply-To}), the chain of
 * message ids before it, oldest first ({@code References}), and the subject to answer with
 * ({@code "Re: …"}; null keeps the template's subject).
 */
public record EmailThread(String inReplyTo, List<String> references, @Nullable String subject) {

    public EmailThread {
        references = List.copyOf(references);
    }

    /** {@code "Re: <subject>"}, without piling up prefixes. */
    public static String reply(String subject) {
        String text = subject == null ? "" : subject.strip();
        return text.regionMatches(true, 0, "re:", 0, 3) ? text : "Re: " + text;
    }
}
