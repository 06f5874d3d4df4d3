package dev.creditdesk.ledger;

import java.time.Instant;
import java.util.UUID;

public record LedgerEntry(long id, UUID accountId, UUID blockId, BlockSource blockSource, UUID holdId,
        EntryType type, long credits, String reason, Instant createdAt) {
}
