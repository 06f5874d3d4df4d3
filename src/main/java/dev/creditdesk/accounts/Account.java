package dev.creditdesk.accounts;

import java.time.Instant;
import java.util.UUID;

public record Account(UUID tenantId, UUID id, String externalId, String email, Instant createdAt) {
}
