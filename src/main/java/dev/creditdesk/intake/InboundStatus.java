package dev.creditdesk.intake;

import java.util.Locale;

/**
 * What became of a message read from the mailbox: it opened a case, it waits for the details one
 * reply asked for, it was added to a case (by its thread, or by support), it matched nothing and
 * waits for support, or support dismissed it.
 */
public enum InboundStatus {
    CASE_OPENED,
    DETAILS_REQUESTED,
    ADDED_TO_CASE,
    UNMATCHED,
    DISMISSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a wire name, or null when there is none such. */
    public static InboundStatus fromWire(String value) {
        for (InboundStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        return null;
    }

    /** Whether support may still act on the message (attach it, open a case from it, dismiss it). */
    public boolean waitsForSupport() {
        return this == UNMATCHED;
    }
}
