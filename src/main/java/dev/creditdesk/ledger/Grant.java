package dev.creditdesk.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.joda.money.CurrencyUnit;

/**
 * A command to grant credits as a new block. Purchased credits carry the order and their unit
 * cost (net price ÷ purchased credits); free credits cost nothing and are not refundable.
 */
public record Grant(UUID tenantId, UUID accountId, BlockSource source, long credits, UUID orderId,
        BigDecimal unitCost, CurrencyUnit currency, boolean refundable, Instant expiresAt, String reason) {

    public Grant {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(unitCost, "unitCost");
        if (credits <= 0) {
            throw new IllegalArgumentException("a grant needs a positive number of credits, not " + credits);
        }
        if (unitCost.signum() < 0) {
            throw new IllegalArgumentException("unit cost must not be negative");
        }
    }

    /** Credits given away: bonus, promotional, gift, replacement, compensation. */
    public static Grant free(UUID tenantId, UUID accountId, BlockSource source, long credits, Instant expiresAt,
            String reason) {
        return new Grant(tenantId, accountId, source, credits, null, BigDecimal.ZERO, null, false, expiresAt, reason);
    }
}
