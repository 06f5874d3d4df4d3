package dev.creditdesk.policy;

import java.util.Locale;

/**
 * Which of the order's credits go when a refund is paid: all that remain (a full refund), the
 * unused purchased credits the refund pays for (a proportional one), or none.
 */
public enum CreditRemoval {
    REMAINING,
    UNUSED_PAID,
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CreditRemoval fromWire(String value) {
        for (CreditRemoval removal : values()) {
            if (removal.wireName().equals(value)) {
                return removal;
            }
        }
        return null;
    }
}
