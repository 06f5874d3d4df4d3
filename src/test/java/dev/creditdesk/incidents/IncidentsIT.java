package dev.creditdesk.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class IncidentsIT extends IntegrationTest {

    private TestTenant tenant;
    private Instant base;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
        base = clock.instant().minus(Duration.ofDays(10));
    }

    private Instant h(long hours) {
        return base.plus(Duration.ofHours(hours));
    }

    private Api.Response record(String scope, Instant start, Instant end) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "API down", "scope", scope, "started_at",
                start.toString(), "features", List.of("generate")));
        if (end != null) {
            body.put("ended_at", end.toString());
        }
        return api.post("/v1/incidents", tenant.supportKey(), body);
    }

    private String created(String scope, Instant start, Instant end) {
        Api.Response response = record(scope, start, end);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.text("id");
    }

    private Api.Response unavailability(Instant from, Instant to) {
        Api.Response response = api.get("/v1/incidents/unavailability?from=" + from + "&to=" + to, tenant.secretKey());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    @Test
    void anIncidentIsRecordedReadAndClosed() {
        Api.Response created = record("full", h(0), null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("object")).isEqualTo("incident");
        assertThat(created.text("status")).isEqualTo("ongoing");
        assertThat(created.body().get("features").get(0).asString()).isEqualTo("generate");
        String id = created.text("id");

        Api.Response closed = api.post("/v1/incidents/" + id + "/close", tenant.adminKey(), Map.of());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("closed");
        assertThat(Instant.parse(closed.text("ended_at"))).isEqualTo(clock.instant());

        Api.Response again = api.post("/v1/incidents/" + id + "/close", tenant.adminKey(), Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.text("type")).endsWith("/incident-closed");

        assertThat(api.get("/v1/incidents/" + id, tenant.secretKey()).text("status")).isEqualTo("closed");
        Api.Response list = api.get("/v1/incidents", tenant.secretKey());
        assertThat(list.body().get("data")).hasSize(1);
    }

    @Test
    void anIncidentEndingBeforeItStartsIsRefusedAndNothingIsStored() {
        Api.Response refused = record("full", h(10), h(9));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.errorField()).isEqualTo("ended_at");
        assertThat(refused.text("detail")).contains("must be after started_at");
        assertThat(api.get("/v1/incidents", tenant.secretKey()).body().get("data")).isEmpty();

        String id = created("full", h(10), h(20));
        Api.Response update = api.post("/v1/incidents/" + id, tenant.supportKey(), Map.of("ended_at", h(5).toString()));
        assertThat(update.status()).isEqualTo(400);
        assertThat(update.errorField()).isEqualTo("ended_at");
        Api.Response close = api.post("/v1/incidents/" + created("full", h(30), null) + "/close", tenant.supportKey(),
                Map.of("ended_at", h(29).toString()));
        assertThat(close.status()).isEqualTo(400);
        assertThat(close.errorField()).isEqualTo("ended_at");
        Api.Response start = api.post("/v1/incidents/" + id, tenant.supportKey(), Map.of("started_at", h(21).toString()));
        assertThat(start.status()).isEqualTo(400);
        assertThat(api.get("/v1/incidents/" + id, tenant.secretKey()).text("ended_at")).isEqualTo(h(20).toString());
        assertThat(api.get("/v1/incidents/" + id, tenant.secretKey()).text("started_at")).isEqualTo(h(10).toString());
    }

    @Test
    void badFieldsAreNamed() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        assertThat(api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "x", "scope", "most",
                "started_at", h(0).toString())).errorField()).isEqualTo("scope");
        assertThat(api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "x", "scope", "full"))
                .errorField()).isEqualTo("started_at");
        assertThat(api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "x", "scope", "full",
                "started_at", clock.instant().plus(Duration.ofDays(1)).toString())).errorField()).isEqualTo("started_at");
        assertThat(api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "x", "scope", "full",
                "started_at", h(0).toString(), "features", List.of("Not a slug"))).errorField()).isEqualTo("features");
        assertThat(api.get("/v1/incidents/unavailability?from=yesterday", tenant.secretKey()).errorField())
                .isEqualTo("from");
        assertThat(api.get("/v1/incidents/unavailability?from=" + h(5) + "&to=" + h(1), tenant.secretKey())
                .errorField()).isEqualTo("to");
    }

    @Test
    void onlySupportAndAdminRecordIncidents() {
        assertThat(api.post("/v1/incidents", tenant.secretKey(), Map.of("title", "x", "scope", "full",
                "started_at", h(0).toString())).status()).isEqualTo(403);
        String id = created("full", h(0), h(1));
        assertThat(api.get("/v1/incidents/" + id, newTenant().adminKey()).status()).isEqualTo(404);
    }

    @Test
    void unavailabilityMergesOverlappingTouchingAndNestedOutages() {
        String a = created("full", h(0), h(10));
        String b = created("full", h(5), h(15));     // overlaps a
        String c = created("full", h(15), h(20));    // touches b
        created("full", h(2), h(3));                 // nested in a
        created("partial", h(20), h(40));            // partial: not unavailability
        String d = created("full", h(30), h(31));
        Api.Response u = unavailability(h(0), h(100));
        JsonNode intervals = u.body().get("intervals");
        assertThat(intervals).hasSize(2);
        assertThat(intervals.get(0).get("from").asString()).isEqualTo(h(0).toString());
        assertThat(intervals.get(0).get("to").asString()).isEqualTo(h(20).toString());
        assertThat(intervals.get(0).get("incident_ids")).hasSize(4);
        assertThat(intervals.get(0).get("incident_ids").toString()).contains(a, b, c);
        assertThat(intervals.get(1).get("incident_ids").get(0).asString()).isEqualTo(d);
        assertThat(u.text("longest_hours")).isEqualTo("20");
        assertThat(u.number("longest_seconds")).isEqualTo(20 * 3600);
        assertThat(u.text("total_hours")).isEqualTo("21");

        Api.Response clipped = unavailability(h(8), h(30).plus(Duration.ofMinutes(30)));
        assertThat(clipped.text("longest_hours")).isEqualTo("12");
        assertThat(clipped.text("total_hours")).isEqualTo("12.5");
    }

    @Test
    void anOngoingOutageCountsUntilNow() {
        Instant start = clock.instant().minus(Duration.ofMinutes(90));
        String id = created("full", start, null);
        Api.Response u = unavailability(start.minus(Duration.ofHours(1)), clock.instant().plus(Duration.ofHours(1)));
        assertThat(u.text("longest_hours")).isEqualTo("1.5");
        assertThat(u.body().get("intervals").get(0).get("to").asString()).isEqualTo(clock.instant().toString());
        assertThat(api.get("/v1/incidents/" + id, tenant.secretKey()).text("duration_hours")).isEqualTo("1.5");
    }
}
