package dev.creditdesk.people;

import java.util.Locale;

/** Where a person stands: invited (no password yet), active, or removed (every session ends). */
public enum PersonStatus {
    INVITED,
    ACTIVE,
    REMOVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PersonStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
