package dev.creditdesk.billing;

import java.util.Locale;

public enum OrderKind {
    PACKAGE,
    SUBSCRIPTION_PERIOD,
    CUSTOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
