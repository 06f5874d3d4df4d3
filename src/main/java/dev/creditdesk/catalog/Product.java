package dev.creditdesk.catalog;

import java.time.Instant;
import java.util.Locale;
import org.joda.money.Money;

/**
 * A credit package ({@code PACKAGE}: credits and bonus credits for a price) or a plan ({@code PLAN}:
 * credits included each period for a price, billed every {@code interval}; null for a package).
 * {@code policyId}, when set, is the refund policy that answers requests about this product's
 * orders (its plan family) instead of the tenant's.
 */
public record Product(String id, Kind kind, String name, Money price, long credits, long bonusCredits,
        boolean active, Instant createdAt, Interval interval, String policyId) {

    public Product(String id, Kind kind, String name, Money price, long credits, long bonusCredits, boolean active,
            Instant createdAt) {
        this(id, kind, name, price, credits, bonusCredits, active, createdAt,
                kind == Kind.PLAN ? Interval.MONTH : null, null);
    }

    public enum Kind {
        PACKAGE,
        PLAN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(value)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** How often a plan bills: each period lasts one calendar month or one calendar year. */
    public enum Interval {
        MONTH(1),
        YEAR(12);

        private final int months;

        Interval(int months) {
            this.months = months;
        }

        /** The length of one period in calendar months. */
        public int months() {
            return months;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Interval fromWire(String value) {
            for (Interval interval : values()) {
                if (interval.wireName().equals(value)) {
                    return interval;
                }
            }
            return null;
        }
    }
}
