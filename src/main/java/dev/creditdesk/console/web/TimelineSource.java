package dev.creditdesk.console.web;

import java.util.List;
import java.util.UUID;

/**
 * Where a case's timeline comes from. Each module the console reads contributes its events;
 * incidents and disputes (issue 6) add a source each when those modules exist.
 */
interface TimelineSource {

    /** At most this many events from one source, so a long-lived account's page stays readable. */
    int LIMIT = 50;

    List<TimelineEvent> events(UUID tenantId, UUID accountId, UUID caseId);
}
