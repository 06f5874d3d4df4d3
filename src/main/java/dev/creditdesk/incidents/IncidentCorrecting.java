package dev.creditdesk.incidents;

import java.util.UUID;

/**
 * An incident is about to be corrected from {@code before} to {@code after}, in the correcting
 * transaction: a listener that cannot accept it (compensation already granted on the old times)
 * throws, and nothing is changed.
 */
public record IncidentCorrecting(UUID tenantId, Incident before, Incident after) {
}
