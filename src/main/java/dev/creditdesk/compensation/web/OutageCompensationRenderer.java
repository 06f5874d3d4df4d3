package dev.creditdesk.compensation.web;

import dev.creditdesk.compensation.OutageCompensation;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What was done for an incident, as {@code GET /v1/incidents/{id}/compensation} returns it once a
 * run compensated it; the object id is the incident's.
 */
@Component
class OutageCompensationRenderer implements ResourceRenderer {

    private final OutageCompensation compensation;

    OutageCompensationRenderer(OutageCompensation compensation) {
        this.compensation = compensation;
    }

    @Override
    public String objectType() {
        return "outage_compensation";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> compensation.recorded(tenantId, id))
                .map(CompensationController.CompensationView::of);
    }
}
