package dev.creditdesk.refunds.web;

import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A refund request as {@code GET /v1/refund-requests/{id}} returns it. */
@Component
class RefundRequestRenderer implements ResourceRenderer {

    private final RefundRequests requests;
    private final Clock clock;

    RefundRequestRenderer(RefundRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public String objectType() {
        return "refund_request";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> requests.find(tenantId, id))
                .map(request -> RefundRequestController.RequestView.of(request, clock.instant()));
    }
}
