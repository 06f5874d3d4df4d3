package dev.creditdesk.people;

import java.util.Locale;

/** The emails Creditdesk sends to staff, each carrying a one-time link (never in the tenant's outbox). */
public enum StaffEmailKind {
    INVITATION,
    PASSWORD_RESET;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
