package dev.creditdesk.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * One append-only ledger entry. {@code sequence} orders entries inside the database and is never
 * shown; {@code id} is the entry's opaque id in the API.
 */
public record LedgerEntry(UUID id, long sequence, UUID accountId, UUID blockId, BlockSource blockSource, UUID holdId,
        EntryType type, long credits, String reason, Instant createdAt) {
}
