package dev.creditdesk.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * An entitlement taken away, why ({@code reason}), by what ({@code source}: manual, dispute…,
 * with {@code sourceId}) and by whom; in force until {@code liftedAt}.
 */
public record Suspension(UUID id, UUID accountId, Entitlement entitlement, String reason, String source,
        String sourceId, String createdBy, Instant createdAt, Instant liftedAt, String liftedBy, String liftReason) {

    public boolean active() {
        return liftedAt == null;
    }
}
