package dev.creditdesk.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

public record CreditBlock(UUID id, UUID accountId, BlockSource source, UUID orderId, BigDecimal unitCost,
        String currency, boolean refundable, Instant expiresAt, long granted, long consumed, long held,
        long expired, long revoked, long suspended, String reason, Instant createdAt) {

    /** Credits that could still be held, if the block has not passed its expiry. */
    public long unspent() {
        return granted - consumed - held - expired - revoked - suspended;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
