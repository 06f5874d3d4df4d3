package dev.creditdesk.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

/**
 * One recorded unit of usage: an event the product reported ({@code externalId}, its own id) or a
 * completed task ({@code taskId}). Exactly one of the two is set.
 */
public record UsageEvent(UUID id, String externalId, UUID taskId, UUID accountId, String kind, BigDecimal quantity,
        String unit, Instant occurredAt, SortedMap<String, String> metadata, Instant createdAt) {

    public UsageSource source() {
        return taskId == null ? UsageSource.EVENT : UsageSource.TASK;
    }
}
