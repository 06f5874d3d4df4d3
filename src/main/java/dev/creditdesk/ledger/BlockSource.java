package dev.creditdesk.ledger;

import java.util.Locale;

/** Where a block of credits came from. */
public enum BlockSource {
    PURCHASE,
    SUBSCRIPTION,
    BONUS,
    PROMOTIONAL,
    GIFT,
    REPLACEMENT,
    RESTORATION,
    COMPENSATION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BlockSource fromWire(String value) {
        for (BlockSource source : values()) {
            if (source.wireName().equals(value)) {
                return source;
            }
        }
        return null;
    }
}
