package dev.creditdesk.tenants;

import dev.creditdesk.shared.Role;
import java.time.Instant;
import java.util.UUID;

/** A key as issued: the only time its secret is ever visible. */
public record IssuedKey(UUID id, UUID tenantId, Role role, String secret, Instant createdAt) {
}
