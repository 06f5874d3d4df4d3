package dev.creditdesk.tenants;

import java.util.List;
import java.util.Locale;

/** One step of the order in which a tenant's credit blocks are spent. */
public enum DrawdownCriterion {
    /** Blocks that expire soonest first; blocks without expiry last. */
    SOONEST_EXPIRY,
    NON_REFUNDABLE_FIRST,
    REFUNDABLE_FIRST,
    OLDEST_FIRST,
    NEWEST_FIRST;

    /** DESIGN.md's default: soonest expiry, then non-refundable before refundable, then oldest. */
    public static final List<DrawdownCriterion> DEFAULT_ORDER = List.of(SOONEST_EXPIRY, NON_REFUNDABLE_FIRST, OLDEST_FIRST);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DrawdownCriterion fromWire(String value) {
        for (DrawdownCriterion criterion : values()) {
            if (criterion.wireName().equals(value)) {
                return criterion;
            }
        }
        return null;
    }
}
