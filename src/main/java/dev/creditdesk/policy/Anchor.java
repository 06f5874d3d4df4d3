package dev.creditdesk.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The moments a window or a usage count is measured from. {@code renewal} is the start of the
 * order's current subscription period; {@code charge} the latest charge on the order;
 * {@code subscription_start} when the order's subscription began; {@code cancellation} when it
 * was cancelled.
 */
public enum Anchor {
    PURCHASE, CHARGE, RENEWAL, SUBSCRIPTION_START, CANCELLATION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The anchor with this wire name, or null. */
    public static Anchor fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(value)).findFirst().orElse(null);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Anchor::wireName).toList();
    }

    /**
     * Whether a missing time falls back to the purchase: an order that was never renewed or
     * charged again counts from its purchase, one with no subscription from its purchase; a
     * cancellation that has not happened has no fallback.
     */
    public boolean fallsBackToPurchase() {
        return this != CANCELLATION;
    }
}
