package dev.creditdesk.tasks;

import java.util.Locale;

/** reserved → completed | failed | expired; completed → restored. */
public enum TaskStatus {
    RESERVED,
    COMPLETED,
    FAILED,
    EXPIRED,
    RESTORED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
