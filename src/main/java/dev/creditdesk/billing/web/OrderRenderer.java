package dev.creditdesk.billing.web;

import dev.creditdesk.billing.Orders;
import dev.creditdesk.shared.events.ResourceRenderer;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** An order as {@code GET /v1/orders/{id}} returns it. */
@Component
class OrderRenderer implements ResourceRenderer {

    private final Orders orders;

    OrderRenderer(Orders orders) {
        this.orders = orders;
    }

    @Override
    public String objectType() {
        return "order";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> orders.find(tenantId, id))
                .map(OrderController.OrderView::of);
    }
}
