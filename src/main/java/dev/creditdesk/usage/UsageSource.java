package dev.creditdesk.usage;

import java.util.Locale;

/** Where a usage row came from: an event the product reported, or a task that completed. */
public enum UsageSource {
    EVENT, TASK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
