package dev.creditdesk.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The moments a window or a usage count is measured from. {@code renewal} is the start of the
 * order's current subscription period; {@code charge} the latest charge on the order;
 * {@code subscription_start} when the order's subscription began; {@code cancellation} when it
 * was cancelled.
 */
public enum Anchor {
    PURCHASE, CHARGE, RENEWAL, SUBSCRIPTION_START, CANCELLATION;

    // usage.count(kind, window) names its window as text on every evaluation: look it up, not scan
    private static final Map<String, Anchor> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Anchor::wireName, Function.identity()));

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** The anchor with this wire name, or null. */
    public static Anchor fromWire(String value) {
        return value == null ? null : BY_WIRE_NAME.get(value);
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
