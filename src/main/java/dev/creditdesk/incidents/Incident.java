package dev.creditdesk.incidents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An outage. {@code scope} is full (nothing works: it counts as unavailability) or partial (the
 * {@code features} named are down); status is ongoing until {@code endedAt} is set, then closed.
 */
public record Incident(UUID id, String title, String description, String scope, List<String> features,
        Instant startedAt, Instant endedAt, String status, String createdBy, Instant createdAt, Instant updatedAt) {

    public static final String FULL = "full";
    public static final String PARTIAL = "partial";

    public boolean full() {
        return FULL.equals(scope);
    }

    public boolean closed() {
        return endedAt != null;
    }

    public java.time.Duration duration(Instant now) {
        return java.time.Duration.between(startedAt, endedAt == null ? now : endedAt);
    }
}
