package dev.creditdesk.incidents.web;

import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** An incident in an event's {@code data.object}, exactly as {@code GET /v1/incidents/{id}} answers it. */
@Component
class IncidentRenderer implements ResourceRenderer {

    private final Incidents incidents;
    private final Clock clock;

    IncidentRenderer(Incidents incidents, Clock clock) {
        this.incidents = incidents;
        this.clock = clock;
    }

    @Override
    public String objectType() {
        return "incident";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        try {
            return Optional.of(IncidentController.IncidentView.of(
                    incidents.require(tenantId, UUID.fromString(objectId)), clock.instant()));
        } catch (IllegalArgumentException | ApiProblem notFound) {
            return Optional.empty();
        }
    }
}
