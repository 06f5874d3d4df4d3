package dev.creditdesk.incidents;

import java.time.Instant;
import java.util.List;

/**
 * What support says about an incident, already checked field by field. In an update a null field
 * is left as it is.
 */
public record IncidentDraft(String title, String description, String scope, List<String> features, Instant startedAt,
        Instant endedAt) {
}
