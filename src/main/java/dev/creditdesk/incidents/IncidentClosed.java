package dev.creditdesk.incidents;

import java.util.UUID;

/**
 * An incident is closed, or a closed one was corrected. Published inside the transaction that
 * made the change, so a listener's work commits (or fails) with it.
 */
public record IncidentClosed(UUID tenantId, UUID incidentId) {
}
