package dev.creditdesk.ledger;

import java.util.Locale;

/** held → settled (task completed) | released (task failed) | expired (TTL passed). */
public enum HoldStatus {
    HELD,
    SETTLED,
    RELEASED,
    EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
