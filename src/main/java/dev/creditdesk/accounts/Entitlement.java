package dev.creditdesk.accounts;

import java.util.Locale;

/** What an account may do. Losing {@code ACCESS} loses the other two with it. */
public enum Entitlement {
    GENERATE,
    DOWNLOAD,
    ACCESS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Entitlement fromWire(String value) {
        for (Entitlement e : values()) {
            if (e.wireName().equals(value)) {
                return e;
            }
        }
        return null;
    }
}
