package dev.creditdesk.billing.web;

import dev.creditdesk.billing.Refunds;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A refund as {@code GET /v1/refunds/{id}} returns it. */
@Component
class RefundRenderer implements ResourceRenderer {

    private final Refunds refunds;

    RefundRenderer(Refunds refunds) {
        this.refunds = refunds;
    }

    @Override
    public String objectType() {
        return "refund";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> refunds.find(tenantId, id))
                .map(RefundController.RefundView::of);
    }
}
