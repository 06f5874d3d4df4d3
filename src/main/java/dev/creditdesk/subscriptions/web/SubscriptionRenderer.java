package dev.creditdesk.subscriptions.web;

import dev.creditdesk.shared.events.ResourceRenderer;
import dev.creditdesk.subscriptions.Subscriptions;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A subscription, with its periods, as {@code GET /v1/subscriptions/{id}} returns it. */
@Component
class SubscriptionRenderer implements ResourceRenderer {

    private final Subscriptions subscriptions;

    SubscriptionRenderer(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public String objectType() {
        return "subscription";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> subscriptions.find(tenantId, id))
                .map(s -> SubscriptionController.SubscriptionView.of(s, subscriptions.periods(tenantId, s.id())));
    }
}
