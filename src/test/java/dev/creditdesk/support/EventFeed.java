package dev.creditdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's events read back from {@code GET /v1/events}, oldest first, for tests that assert
 * what a change announced: {@link #mark()} before the change, {@link #since} after it.
 */
public final class EventFeed {

    /** One event: its id, type and {@code data.object}. */
    public record Recorded(String id, String type, JsonNode object) {

        /** The id the event is about: the object's {@code id}, or the account's / incident's for objects keyed by them. */
        public String objectId() {
            for (String field : List.of("id", "account_id", "incident_id")) {
                JsonNode value = object.get(field);
                if (value != null && !value.isNull()) {
                    return value.asString();
                }
            }
            throw new AssertionError("no id in " + object);
        }
    }

    /** Where GET answers each object type, by the event's object id. */
    private static final Map<String, String> GET_PATHS = Map.of(
            "credit_block", "/v1/credit-blocks/%s",
            "refund_request", "/v1/refund-requests/%s",
            "refund", "/v1/refunds/%s",
            "entitlements", "/v1/accounts/%s/entitlements",
            "dispute", "/v1/disputes/%s",
            "order", "/v1/orders/%s",
            "subscription", "/v1/subscriptions/%s",
            "task", "/v1/tasks/%s",
            "outage_compensation", "/v1/incidents/%s/compensation",
            "incident", "/v1/incidents/%s");

    private final Api api;
    private final String key;

    public EventFeed(Api api, String key) {
        this.api = api;
        this.key = key;
    }

    /** Every event of the key's tenant, oldest first. */
    public List<Recorded> all() {
        List<Recorded> newestFirst = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            Api.Response page = api.get("/v1/events?limit=100" + (cursor == null ? "" : "&starting_after=" + cursor),
                    key);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.body().get("data").forEach(event -> newestFirst.add(
                    new Recorded(event.get("id").asString(), event.get("type").asString(),
                            event.get("data").get("object"))));
            if (!page.body().get("has_more").asBoolean()) {
                Collections.reverse(newestFirst);
                return newestFirst;
            }
            cursor = page.text("next_cursor");
        }
        throw new AssertionError("more than 100 pages of events");
    }

    /** The events there are now; {@link #since} reads those recorded after. */
    public record Mark(Set<String> ids) {
    }

    public Mark mark() {
        return new Mark(all().stream().map(Recorded::id).collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * The events recorded after {@code mark}, oldest first (by id, not by count: the feed shows 30
     * days, so a test that moves the clock sees older events leave it).
     */
    public List<Recorded> since(Mark mark) {
        return all().stream().filter(event -> !mark.ids().contains(event.id())).toList();
    }

    /** The types recorded after {@code mark}, oldest first. */
    public List<String> typesSince(Mark mark) {
        return since(mark).stream().map(Recorded::type).toList();
    }

    /**
     * Checks that the last event about each object carries the object exactly as its GET answers
     * now; answers the events checked.
     */
    public List<Recorded> assertLatestMatchGet(List<Recorded> events) {
        Map<String, Recorded> latest = new LinkedHashMap<>();
        for (Recorded event : events) {
            latest.put(event.object().get("object").asString() + " " + event.objectId(), event);
        }
        for (Recorded event : latest.values()) {
            String type = event.object().get("object").asString();
            String path = GET_PATHS.get(type);
            assertThat(path).as("a GET path for " + type).isNotNull();
            Api.Response current = api.get(path.formatted(event.objectId()), key);
            assertThat(current.status()).as(current.toString()).isEqualTo(200);
            assertThat(event.object()).as(event.type() + " carries " + type + " " + event.objectId()
                    + " as GET answers it").isEqualTo(current.body());
        }
        return List.copyOf(latest.values());
    }
}
