package dev.creditdesk.tasks;

import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

public record Task(UUID id, UUID accountId, String externalId, TaskStatus status, long creditsReserved,
        long creditsUsed, long creditsRestored, UUID holdId, String note, Instant createdAt, Instant expiresAt,
        Instant settledAt, Instant restoredAt, SortedMap<String, String> metadata, TaskOutput output) {
}
