package dev.creditdesk.webhooks;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.webhooks.internal.DeliveryLog;
import dev.creditdesk.webhooks.internal.DeliveryQueue;
import dev.creditdesk.webhooks.internal.EndpointStore;
import dev.creditdesk.shared.SecretBox;
import dev.creditdesk.webhooks.internal.WebhookAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The endpoints a tenant registers: checked (https URL, known event types), created with a signing
 * secret shown once, updated, enabled or disabled, rotated, deleted; their deliveries and manual
 * redelivery of an event.
 */
@Service
public class WebhookEndpoints {

    public static final int MAX_URL_LENGTH = 2048;
    public static final String ALL_EVENTS = "*";
    /** Endpoints per tenant: each event is queued for every one of them. */
    public static final int MAX_ENDPOINTS = 16;

    private final EndpointStore store;
    private final DeliveryLog deliveries;
    private final SecretBox secrets;
    private final JdbcClient jdbc;
    private final WebhookSettings settings;
    private final Clock clock;

    WebhookEndpoints(EndpointStore store, DeliveryLog deliveries, SecretBox secrets, JdbcClient jdbc,
            WebhookSettings settings, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    public EndpointWithSecret create(UUID tenantId, EndpointDraft draft) {
        List<FieldProblem> errors = new ArrayList<>();
        String url = url(draft.url(), errors);
        List<String> events = events(draft.enabledEvents(), errors);
        String description = Fields.optionalText(draft.description(), "description", Fields.MAX_TEXT, errors);
        Fields.throwIfAny(errors);
        Long count = jdbc.sql("select count(*) from webhook_endpoints where tenant_id = :t").param("t", tenantId)
                .query(Long.class).single();
        if (count >= MAX_ENDPOINTS) {
            throw ApiProblem.conflict("too-many-endpoints", "A tenant may register at most " + MAX_ENDPOINTS
                    + " webhook endpoints; delete one first");
        }
        Instant now = clock.instant();
        WebhookEndpoint endpoint = new WebhookEndpoint(Ids.newId(clock), url, description == null ? "" : description,
                events, draft.status() == null ? EndpointStatus.ENABLED : draft.status(), null, null, now, now);
        String secret = SecretBox.newSecret();
        store.insert(tenantId, endpoint, secrets.seal(secret));
        return new EndpointWithSecret(require(tenantId, endpoint.id()), secret);
    }

    @Transactional
    public WebhookEndpoint update(UUID tenantId, UUID id, EndpointDraft changes) {
        WebhookEndpoint current = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("webhook endpoint", id));
        List<FieldProblem> errors = new ArrayList<>();
        String url = changes.url() == null ? current.url() : url(changes.url(), errors);
        List<String> events = changes.enabledEvents() == null ? current.enabledEvents()
                : events(changes.enabledEvents(), errors);
        String description = changes.description() == null ? current.description()
                : Fields.optionalText(changes.description(), "description", Fields.MAX_TEXT, errors);
        Fields.throwIfAny(errors);
        EndpointStatus status = changes.status() == null ? current.status() : changes.status();
        String reason = status == EndpointStatus.DISABLED
                ? current.status() == EndpointStatus.DISABLED ? current.disabledReason() : "disabled by the tenant"
                : null;
        store.update(tenantId, new WebhookEndpoint(id, url, description == null ? "" : description, events, status,
                reason, current.previousSecretExpiresAt(), current.createdAt(), clock.instant()));
        return require(tenantId, id);
    }

    /** A new secret, shown once; the current one keeps signing beside it for {@code previous-secret-ttl}. */
    @Transactional
    public EndpointWithSecret rotate(UUID tenantId, UUID id) {
        store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("webhook endpoint", id));
        String secret = SecretBox.newSecret();
        Instant now = clock.instant();
        store.rotate(tenantId, id, secrets.seal(secret), now.plus(settings.previousSecretTtl()), now);
        return new EndpointWithSecret(require(tenantId, id), secret);
    }

    /** Deletes the endpoint and its deliveries (and their log); its events stay in the feed. */
    @Transactional
    public void delete(UUID tenantId, UUID id) {
        if (!store.delete(tenantId, id)) {
            throw ApiProblem.notFound("webhook endpoint", id);
        }
    }

    public WebhookEndpoint require(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("webhook endpoint", id));
    }

    /** Newest first; {@code startingAfter} is the id of an endpoint of this list. */
    public ListPage<WebhookEndpoint> page(UUID tenantId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Long seq = after == null ? null : store.seq(tenantId, after).orElseThrow(ListPage::notACursor);
        return ListPage.of(store.list(tenantId, seq, limit + 1), limit, WebhookEndpoint::id);
    }

    /** The endpoint's deliveries, newest first, each with its attempts. */
    public ListPage<Delivery> deliveries(UUID tenantId, UUID endpointId, String startingAfter, int limit) {
        require(tenantId, endpointId);
        UUID after = ListPage.cursorId(startingAfter);
        Long seq = after == null ? null
                : deliveries.seq(tenantId, endpointId, after).orElseThrow(ListPage::notACursor);
        return ListPage.of(deliveries.ofEndpoint(tenantId, endpointId, seq, limit + 1), limit, Delivery::id);
    }

    /**
     * Sends an event again, as a new delivery due now: to {@code endpointId} (enabled, whatever its
     * event types), or to every enabled endpoint subscribed to the event's type when null.
     */
    @Transactional
    public List<Delivery> redeliver(UUID tenantId, UUID eventId, UUID endpointId) {
        String[] event = jdbc.sql("select type, object_id from events where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", eventId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
                .orElseThrow(() -> ApiProblem.notFound("event", eventId));
        List<UUID> targets;
        if (endpointId != null) {
            WebhookEndpoint endpoint = store.find(tenantId, endpointId).orElseThrow(() ->
                    ApiProblem.unprocessable("unknown-endpoint", "endpoint_id", "is not an endpoint of this tenant"));
            if (endpoint.status() != EndpointStatus.ENABLED) {
                throw ApiProblem.conflict("endpoint-disabled", "Webhook endpoint " + endpointId
                        + " is disabled; enable it first (POST /v1/webhook-endpoints/" + endpointId + ")");
            }
            targets = List.of(endpointId);
        } else {
            targets = jdbc.sql("""
                            select id from webhook_endpoints where tenant_id = :t and status = 'enabled'
                              and ('*' = any(enabled_events) or :type = any(enabled_events)) order by seq""")
                    .param("t", tenantId).param("type", event[0]).query(UUID.class).list();
        }
        Instant now = clock.instant();
        List<UUID> created = new ArrayList<>();
        for (UUID target : targets) {
            UUID id = Ids.newId(clock);
            DeliveryQueue.insert(jdbc, tenantId, id, target, eventId, event[1], now);
            created.add(id);
        }
        return deliveries.byIds(tenantId, created);
    }

    private String url(String value, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldProblem("url", "is required (an https URL)"));
            return null;
        }
        String url = value.strip();
        if (url.length() > MAX_URL_LENGTH) {
            errors.add(new FieldProblem("url", "must be at most " + MAX_URL_LENGTH + " characters"));
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            errors.add(new FieldProblem("url", "is not a URL"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            errors.add(new FieldProblem("url", "must be an absolute URL with a host, no user info and no fragment"));
        } else if (scheme.equals("http") && settings.allowInsecureUrls()
                && (host.equals("localhost") || host.equals("127.0.0.1"))) {
            return url;
        } else if (!scheme.equals("https")) {
            errors.add(new FieldProblem("url", "must use https"));
        } else {
            WebhookAddresses.refuseHost(host, settings.allowInsecureUrls())
                    .ifPresent(why -> errors.add(new FieldProblem("url", why)));
        }
        return url;
    }

    private static List<String> events(List<String> values, List<FieldProblem> errors) {
        if (values == null || values.isEmpty()) {
            errors.add(new FieldProblem("enabled_events", "is required: event types such as refund_request.created, "
                    + "or [\"*\"] for all"));
            return List.of();
        }
        Set<String> events = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (!ALL_EVENTS.equals(value) && EventType.fromWireName(value).isEmpty()) {
                errors.add(new FieldProblem("enabled_events[" + i + "]", "is not an event type (see docs/webhooks.md)"));
            } else {
                events.add(value);
            }
        }
        if (events.contains(ALL_EVENTS) && events.size() > 1) {
            errors.add(new FieldProblem("enabled_events", "\"*\" already means every event type; list it alone"));
        }
        return List.copyOf(events);
    }
}
