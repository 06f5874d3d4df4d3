package dev.creditdesk.ledger;

import java.util.List;
import java.util.UUID;

/**
 * An account's credits: {@code available} to spend now, {@code held} by tasks in flight,
 * {@code suspended} by disputes; per source as well. Credits of a block past its expiry are not
 * available even before the expiry job has recorded their expiry.
 */
public record Balance(UUID accountId, long available, long held, long suspended, List<SourceBalance> bySource) {

    public record SourceBalance(BlockSource source, long available, long held, long suspended) {
    }

    public long total() {
        return available + held + suspended;
    }
}
