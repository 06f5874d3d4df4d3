package dev.creditdesk.ledger;

import java.time.Instant;
import java.util.UUID;

public record Hold(UUID id, UUID accountId, long credits, long consumed, long restored, HoldStatus status,
        String reference, Instant expiresAt, Instant createdAt, Instant settledAt) {
}
