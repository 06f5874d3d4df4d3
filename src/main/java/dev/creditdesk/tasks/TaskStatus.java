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

    /** The status of a wire name, null for none. */
    public static TaskStatus fromWire(String value) {
        for (TaskStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
