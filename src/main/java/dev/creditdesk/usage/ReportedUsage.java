package dev.creditdesk.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

/** One event of an ingest batch, checked at the boundary: the product's id, whose, what, how much, when. */
public record ReportedUsage(String externalId, UUID accountId, String kind, BigDecimal quantity, String unit,
        Instant occurredAt, SortedMap<String, String> metadata) {
}
