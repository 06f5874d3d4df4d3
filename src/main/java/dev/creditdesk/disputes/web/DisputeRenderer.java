package dev.creditdesk.disputes.web;

import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A dispute as {@code GET /v1/disputes/{id}} returns it. */
@Component
class DisputeRenderer implements ResourceRenderer {

    private final Disputes disputes;

    DisputeRenderer(Disputes disputes) {
        this.disputes = disputes;
    }

    @Override
    public String objectType() {
        return "dispute";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> disputes.find(tenantId, id))
                .map(DisputeController.DisputeView::of);
    }
}
