package dev.creditdesk.refunds.internal;

import dev.creditdesk.incidents.Incident;
import dev.creditdesk.incidents.IncidentClosed;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.refunds.CaseDecisions;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An outage recorded after cases were made changes what their policy reads: open cases received
 * since the outage began are evaluated again when it is recorded as ended (evidence uploads and
 * chargebacks trigger it where they happen).
 */
@Component
class StaleProposals {

    /** The most cases one outage re-evaluates in its transaction; support evaluates the rest on demand. */
    private static final int LIMIT = 1_000;

    private final Incidents incidents;
    private final CaseDecisions decisions;

    StaleProposals(Incidents incidents, CaseDecisions decisions) {
        this.incidents = incidents;
        this.decisions = decisions;
    }

    @EventListener
    void on(IncidentClosed closed) {
        Incident incident = incidents.require(closed.tenantId(), closed.incidentId());
        if (!incident.full()) {
            return;
        }
        decisions.openSince(closed.tenantId(), incident.startedAt(), LIMIT).forEach(id ->
                decisions.reevaluate(closed.tenantId(), id, "outage recorded (" + incident.title() + ")",
                        "incidents"));
    }
}
