package dev.creditdesk.catalog;

import java.time.Instant;
import org.joda.money.Money;

/**
 * A credit package ({@code PACKAGE}: credits and bonus credits for a price) or a monthly plan
 * ({@code PLAN}: credits included each month for a price).
 */
public record Product(String id, Kind kind, String name, Money price, long credits, long bonusCredits,
        boolean active, Instant createdAt) {

    public enum Kind {
        PACKAGE,
        PLAN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
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
}
