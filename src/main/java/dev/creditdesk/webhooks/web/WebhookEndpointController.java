package dev.creditdesk.webhooks.web;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.ShownOnce;
import dev.creditdesk.webhooks.Delivery;
import dev.creditdesk.webhooks.EndpointDraft;
import dev.creditdesk.webhooks.EndpointStatus;
import dev.creditdesk.webhooks.EndpointWithSecret;
import dev.creditdesk.webhooks.WebhookEndpoint;
import dev.creditdesk.webhooks.WebhookEndpoints;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhook endpoints, their deliveries and manual redelivery: the tenant's admins only. */
@RestController
@Allow(Role.ADMIN)
class WebhookEndpointController {

    private final WebhookEndpoints endpoints;

    WebhookEndpointController(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    record EndpointBody(String url, String description, List<String> enabledEvents, String status) {
    }

    record RedeliverBody(String endpointId) {
    }

    /** An endpoint; {@code secret} only in the answer that created or rotated it. */
    record EndpointView(String object, UUID id, String url, String description, List<String> enabledEvents,
            String status, String disabledReason, String secret, Instant previousSecretExpiresAt, Instant createdAt,
            Instant updatedAt) {
        static EndpointView of(WebhookEndpoint e, String secret) {
            return new EndpointView("webhook_endpoint", e.id(), e.url(), e.description(), e.enabledEvents(),
                    e.status().wireName(), e.disabledReason(), secret, e.previousSecretExpiresAt(), e.createdAt(),
                    e.updatedAt());
        }

        static EndpointView of(EndpointWithSecret created) {
            return of(created.endpoint(), created.secret());
        }
    }

    record DeletedView(String object, UUID id, boolean deleted) {
    }

    record AttemptView(Instant attemptedAt, Integer statusCode, long latencyMs, String error) {
    }

    record DeliveryView(String object, UUID id, UUID endpointId, UUID eventId, String eventType, String objectId,
            String status, int attemptCount, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
            Instant createdAt, Instant completedAt, List<AttemptView> attempts) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView("webhook_delivery", d.id(), d.endpointId(), d.eventId(), d.eventType(),
                    d.objectId(), d.status().wireName(), d.attemptCount(), d.nextAttemptAt(), d.lastStatusCode(),
                    d.lastError(), d.createdAt(), d.completedAt(), d.attempts().stream()
                    .map(a -> new AttemptView(a.attemptedAt(), a.statusCode(), a.latencyMs(), a.error())).toList());
        }
    }

    @PostMapping("/v1/webhook-endpoints")
    @ResponseStatus(HttpStatus.CREATED)
    @ShownOnce
    EndpointView create(Caller caller, @RequestBody EndpointBody body) {
        return EndpointView.of(endpoints.create(caller.tenantId(), draft(body)));
    }

    @GetMapping("/v1/webhook-endpoints")
    ListPage<EndpointView> list(Caller caller, @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<WebhookEndpoint> page = endpoints.page(caller.tenantId(), startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(e -> EndpointView.of(e, null)).toList(), page.hasMore(),
                page.nextCursor());
    }

    @GetMapping("/v1/webhook-endpoints/{id}")
    EndpointView get(Caller caller, @PathVariable String id) {
        return EndpointView.of(endpoints.require(caller.tenantId(), Ids.parseOrNotFound("webhook endpoint", id)), null);
    }

    @PostMapping("/v1/webhook-endpoints/{id}")
    EndpointView update(Caller caller, @PathVariable String id, @RequestBody EndpointBody body) {
        UUID endpointId = Ids.parseOrNotFound("webhook endpoint", id);
        return EndpointView.of(endpoints.update(caller.tenantId(), endpointId, draft(body)), null);
    }

    @PostMapping("/v1/webhook-endpoints/{id}/rotate-secret")
    @ShownOnce
    EndpointView rotate(Caller caller, @PathVariable String id) {
        return EndpointView.of(endpoints.rotate(caller.tenantId(), Ids.parseOrNotFound("webhook endpoint", id)));
    }

    @DeleteMapping("/v1/webhook-endpoints/{id}")
    DeletedView delete(Caller caller, @PathVariable String id) {
        UUID endpointId = Ids.parseOrNotFound("webhook endpoint", id);
        endpoints.delete(caller.tenantId(), endpointId);
        return new DeletedView("webhook_endpoint", endpointId, true);
    }

    @GetMapping("/v1/webhook-endpoints/{id}/deliveries")
    ListPage<DeliveryView> deliveries(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<Delivery> page = endpoints.deliveries(caller.tenantId(), Ids.parseOrNotFound("webhook endpoint", id),
                startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(DeliveryView::of).toList(), page.hasMore(), page.nextCursor());
    }

    /** Sends an event again now, to one endpoint or to every subscribed one; answers the new deliveries. */
    @PostMapping("/v1/events/{id}/redeliver")
    ListPage<DeliveryView> redeliver(Caller caller, @PathVariable String id,
            @RequestBody(required = false) RedeliverBody body) {
        UUID eventId = Ids.parseOrNotFound("event", id);
        UUID endpointId = null;
        if (body != null && body.endpointId() != null) {
            try {
                endpointId = UUID.fromString(body.endpointId());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("endpoint_id", "is not a webhook endpoint id");
            }
        }
        List<Delivery> created = endpoints.redeliver(caller.tenantId(), eventId, endpointId);
        return new ListPage<>(created.stream().map(DeliveryView::of).toList(), false, null);
    }

    private static EndpointDraft draft(EndpointBody body) {
        EndpointStatus status = null;
        if (body.status() != null) {
            status = EndpointStatus.fromWireName(body.status())
                    .orElseThrow(() -> ApiProblem.invalid("status", "must be enabled or disabled"));
        }
        return new EndpointDraft(body.url(), body.description(), body.enabledEvents(), status);
    }
}
