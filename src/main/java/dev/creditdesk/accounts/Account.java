package dev.creditdesk.accounts;

import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

/** A customer of the tenant; {@code updatedAt} is null until the account is first changed. */
public record Account(UUID tenantId, UUID id, String externalId, String email, SortedMap<String, String> metadata,
        Instant createdAt, Instant updatedAt) {
}
