package dev.creditdesk.webhooks.web;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.ShownOnce;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.webhooks.Delivery;
import dev.creditdesk.webhooks.EndpointDraft;
import dev.creditdesk.webhooks.EndpointStatus;
import dev.creditdesk.webhooks.EndpointWithSecret;
import dev.creditdesk.webhooks.WebhookEndpoint;
import dev.creditdesk.webhooks.WebhookEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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

    record EndpointBody(String url, String description, List<String> enabledEvents,
            @Schema(allowableValues = {"enabled", "disabled"}) String status) {
    }

    record RedeliverBody(String endpointId) {
    }

    /** An endpoint; {@code secret} only in the answer that created or rotated it. */
    record EndpointView(String object, UUID id, String url, @Nullable String description, List<String> enabledEvents,
            @Schema(allowableValues = {"enabled", "disabled"}) String status, @Nullable String disabledReason,
            @Nullable String secret, @Nullable Instant previousSecretExpiresAt, Instant createdAt,
            @Nullable Instant updatedAt) {
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

    record AttemptView(Instant attemptedAt, @Nullable Integer statusCode, long latencyMs, @Nullable String error) {
    }

    record DeliveryView(String object, UUID id, UUID endpointId, UUID eventId,
            @Schema(implementation = EventType.class) String eventType, String objectId, String status,
            int attemptCount, @Nullable Instant nextAttemptAt, @Nullable Integer lastStatusCode,
            @Nullable String lastError, Instant createdAt, @Nullable Instant completedAt, List<AttemptView> attempts) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView("webhook_delivery", d.id(), d.endpointId(), d.eventId(), d.eventType(),
                    d.objectId(), d.status().wireName(), d.attemptCount(), d.nextAttemptAt(), d.lastStatusCode(),
                    d.lastError(), d.createdAt(), d.completedAt(), d.attempts().stream()
                    .map(a -> new AttemptView(a.attemptedAt(), a.statusCode(), a.latencyMs(), a.error())).toList());
        }
    }

    @Operation(operationId = "createWebhookEndpoint", summary = "Register a webhook endpoint",
            description = "Answers the endpoint with its signing secret (`whsec_…`), shown once.")
    @PostMapping("/v1/webhook-endpoints")
    @ResponseStatus(HttpStatus.CREATED)
    @ShownOnce
    EndpointView create(Caller caller, @RequestBody EndpointBody body) {
        return EndpointView.of(endpoints.create(caller.tenantId(), draft(body)));
    }

    @Operation(operationId = "listWebhookEndpoints", summary = "List webhook endpoints")
    @GetMapping("/v1/webhook-endpoints")
    ListPage<EndpointView> list(Caller caller, @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<WebhookEndpoint> page = endpoints.page(caller.tenantId(), startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(e -> EndpointView.of(e, null)).toList(), page.hasMore(),
                page.nextCursor());
    }

    @Operation(operationId = "getWebhookEndpoint", summary = "Retrieve a webhook endpoint")
    @GetMapping("/v1/webhook-endpoints/{id}")
    EndpointView get(Caller caller, @PathVariable String id) {
        return EndpointView.of(endpoints.require(caller.tenantId(), Ids.parseOrNotFound("webhook endpoint", id)), null);
    }

    @Operation(operationId = "updateWebhookEndpoint", summary = "Update a webhook endpoint",
            description = "Changes the URL, the events it wants or its status (enabled/disabled); a field left out is kept.")
    @PostMapping("/v1/webhook-endpoints/{id}")
    EndpointView update(Caller caller, @PathVariable String id, @RequestBody EndpointBody body) {
        UUID endpointId = Ids.parseOrNotFound("webhook endpoint", id);
        return EndpointView.of(endpoints.update(caller.tenantId(), endpointId, draft(body)), null);
    }

    @Operation(operationId = "rotateWebhookEndpointSecret", summary = "Rotate a webhook endpoint's signing secret",
            description = "The new secret is shown once; the old one keeps signing beside it for 24 hours.")
    @PostMapping("/v1/webhook-endpoints/{id}/rotate-secret")
    @ShownOnce
    EndpointView rotate(Caller caller, @PathVariable String id) {
        return EndpointView.of(endpoints.rotate(caller.tenantId(), Ids.parseOrNotFound("webhook endpoint", id)));
    }

    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint")
    @DeleteMapping("/v1/webhook-endpoints/{id}")
    DeletedView delete(Caller caller, @PathVariable String id) {
        UUID endpointId = Ids.parseOrNotFound("webhook endpoint", id);
        endpoints.delete(caller.tenantId(), endpointId);
        return new DeletedView("webhook_endpoint", endpointId, true);
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "List an endpoint's deliveries",
            description = "Newest first, each with its attempts (status code, latency, error).")
    @GetMapping("/v1/webhook-endpoints/{id}/deliveries")
    ListPage<DeliveryView> deliveries(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<Delivery> page = endpoints.deliveries(caller.tenantId(), Ids.parseOrNotFound("webhook endpoint", id),
                startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(DeliveryView::of).toList(), page.hasMore(), page.nextCursor());
    }

    /** Sends an event again now, to one endpoint or to every subscribed one; answers the new deliveries. */
    @Operation(operationId = "redeliverEvent", summary = "Send an event again",
            description = "To one endpoint (`endpoint_id`) or to every endpoint subscribed to its type; answers the new deliveries.")
    @ErrorAnswer(status = 422, when = "The endpoint_id names no endpoint of this tenant")
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
