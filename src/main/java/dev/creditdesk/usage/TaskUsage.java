package dev.creditdesk.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What a completed task counts for: one of {@code kind}, {@code quantity} in {@code unit}, when it completed. */
public record TaskUsage(UUID taskId, UUID accountId, String kind, BigDecimal quantity, String unit,
        Instant completedAt) {
}
