package dev.creditdesk.policy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Over which time a usage aggregate counts, up to the request: the account's whole history, since
 * an {@link Anchor} of the order (such as {@code renewal}: this period), or since the start of a
 * date in the tenant's timezone. Written in a policy as {@code "lifetime"}, an anchor's wire name,
 * or {@code "2026-01-01"}.
 */
public sealed interface UsageWindow {

    String wireName();

    record Lifetime() implements UsageWindow {
        public String wireName() {
            return "lifetime";
        }
    }

    record Since(Anchor anchor) implements UsageWindow {
        public String wireName() {
            return anchor.wireName();
        }
    }

    record SinceDate(LocalDate date) implements UsageWindow {
        public String wireName() {
            return date.toString();
        }
    }

    /** The window a policy names, or null when the text names none. */
    static UsageWindow fromWire(String text) {
        if ("lifetime".equals(text)) {
            return new Lifetime();
        }
        Anchor anchor = Anchor.fromWire(text);
        if (anchor != null) {
            return new Since(anchor);
        }
        try {
            return text != null && text.length() == 10 ? new SinceDate(LocalDate.parse(text)) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
