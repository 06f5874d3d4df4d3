package dev.creditdesk.tenants;

import dev.creditdesk.shared.Role;
import java.time.Instant;
import java.util.UUID;

/** A key as listed: its prefix tells it apart; the secret is never stored. */
public record ApiKeyInfo(UUID id, UUID tenantId, Role role, String prefix, Instant createdAt, Instant revokedAt) {
}
