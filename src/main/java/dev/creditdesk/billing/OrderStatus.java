package dev.creditdesk.billing;

import java.util.Locale;

/**
 * undelivered → delivered → partially_refunded → refunded; delivered or partially refunded →
 * charged_back. An undelivered order was paid but its credits are not in the account yet.
 */
public enum OrderStatus {
    UNDELIVERED,
    DELIVERED,
    PARTIALLY_REFUNDED,
    REFUNDED,
    CHARGED_BACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
