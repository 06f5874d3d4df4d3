package dev.creditdesk.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Usage events over HTTP: batches, idempotency, conflicts, validation, the list; tasks with kinds. */
class UsageEventsIT extends IntegrationTest {

    private static Map<String, Object> event(String id, UUID account, String kind, Instant at) {
        Map<String, Object> event = new HashMap<>();
        event.put("external_id", id);
        event.put("account_id", account);
        event.put("kind", kind);
        event.put("occurred_at", at.toString());
        return event;
    }

    private Api.Response ingest(TestTenant tenant, List<Map<String, Object>> events) {
        return api.post("/v1/usage-events", tenant.secretKey(), Map.of("data", events));
    }

    private List<String> kinds(TestTenant tenant, UUID account) {
        List<String> kinds = new ArrayList<>();
        api.get("/v1/usage-events?account_id=" + account + "&limit=100", tenant.supportKey()).body().get("data")
                .forEach(e -> kinds.add(e.get("kind").asString()));
        return kinds;
    }

    @Test
    void aBatchIsRecordedOnceAndARetryIsNotCountedTwice() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Instant at = clock.instant().minus(Duration.ofHours(1));
        Map<String, Object> minutes = event("ev-3", account, "audio_minutes", at);
        minutes.put("quantity", "12.50");
        minutes.put("unit", "minutes");
        minutes.put("metadata", Map.of("track", "t-9"));
        List<Map<String, Object>> batch = List.of(event("ev-1", account, "download", at),
                event("ev-2", account, "download", at.plusSeconds(1)), minutes);

        Api.Response first = ingest(tenant, batch);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.text("object")).isEqualTo("usage_event_batch");
        assertThat(first.number("created")).isEqualTo(3);
        assertThat(first.number("already_recorded")).isZero();

        Api.Response retry = ingest(tenant, batch);
        assertThat(retry.number("created")).isZero();
        assertThat(retry.number("already_recorded")).isEqualTo(3);
        // "12.5" is the same quantity as "12.50"
        minutes.put("quantity", "12.5");
        assertThat(ingest(tenant, List.of(minutes)).number("already_recorded")).isEqualTo(1);

        Api.Response list = api.get("/v1/usage-events?account_id=" + account, tenant.supportKey());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode data = list.body().get("data");
        assertThat(data).hasSize(3);
        JsonNode newest = data.get(0);
        assertThat(newest.get("object").asString()).isEqualTo("usage_event");
        assertThat(newest.get("source").asString()).isEqualTo("event");
        assertThat(list.body().findValuesAsString("external_id")).containsExactlyInAnyOrder("ev-1", "ev-2", "ev-3");
        JsonNode audio = api.get("/v1/usage-events?kind=audio_minutes", tenant.secretKey()).body().get("data").get(0);
        assertThat(audio.get("quantity").asString()).isEqualTo("12.5");
        assertThat(audio.get("unit").asString()).isEqualTo("minutes");
        assertThat(audio.get("metadata").get("track").asString()).isEqualTo("t-9");
        assertThat(api.get("/v1/usage-events?kind=download", tenant.secretKey()).body().get("data")).hasSize(2);
        assertThat(pageThrough("/v1/usage-events", 2, tenant.secretKey())).hasSize(3);
    }

    @Test
    void theSameIdWithOtherContentIs409NamingTheItemAndFieldAndRecordsNothing() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Instant at = clock.instant().minus(Duration.ofHours(1));
        assertThat(ingest(tenant, List.of(event("ev-1", account, "download", at))).status()).isEqualTo(200);

        Map<String, Object> changed = event("ev-1", account, "download", at);
        changed.put("quantity", "2");
        Api.Response conflict = ingest(tenant, List.of(event("ev-new", account, "download", at), changed));
        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.errorField()).isEqualTo("data[1].quantity");
        assertThat(conflict.number("index")).isEqualTo(1);
        assertThat(kinds(tenant, account)).hasSize(1);

        // the same id twice in one batch with different times
        Api.Response twice = ingest(tenant, List.of(event("ev-2", account, "download", at),
                event("ev-2", account, "download", at.plusSeconds(5))));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.errorField()).isEqualTo("data[1].occurred_at");
        // the same id twice with the same content is one event
        Api.Response same = ingest(tenant, List.of(event("ev-3", account, "export", at),
                event("ev-3", account, "export", at)));
        assertThat(same.number("created")).isEqualTo(1);
        assertThat(same.number("already_recorded")).isEqualTo(1);
    }

    @Test
    void badItemsAre400sNamingTheFieldAndTheWholeBatchIsRefused() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Api bad = api.unvalidatedRequest(); // sends bad input on purpose
        Instant at = clock.instant();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(event("ok-" + i, account, "download", at));
        }
        batch.get(3).put("kind", "Video Export");
        Api.Response badKind = bad.post("/v1/usage-events", tenant.secretKey(), Map.of("data", batch));
        assertThat(badKind.status()).as(badKind.toString()).isEqualTo(400);
        assertThat(badKind.errorField()).isEqualTo("data[3].kind");

        batch.get(3).put("kind", "download");
        batch.get(2).put("quantity", "-1");
        assertThat(bad.post("/v1/usage-events", tenant.secretKey(), Map.of("data", batch)).errorField())
                .isEqualTo("data[2].quantity");
        batch.get(2).put("quantity", "1e3");
        assertThat(bad.post("/v1/usage-events", tenant.secretKey(), Map.of("data", batch)).errorField())
                .isEqualTo("data[2].quantity");
        batch.get(2).remove("quantity");

        batch.get(1).put("occurred_at", at.plus(Duration.ofMinutes(10)).toString());
        Api.Response future = bad.post("/v1/usage-events", tenant.secretKey(), Map.of("data", batch));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.errorField()).isEqualTo("data[1].occurred_at");
        batch.get(1).put("occurred_at", at.plus(Duration.ofMinutes(4)).toString()); // within the skew
        batch.get(4).remove("external_id");
        assertThat(bad.post("/v1/usage-events", tenant.secretKey(), Map.of("data", batch)).errorField())
                .isEqualTo("data[4].external_id");
        batch.get(4).put("external_id", "ok-4");
        batch.get(0).put("occurred_at", "1999-12-31T23:59:59Z");
        Api.Response early = bad.post("/v1/usage-events", tenant.secretKey(), Map.of("data", batch));
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.errorField()).isEqualTo("data[0].occurred_at");
        assertThat(api.get("/v1/usage-events", tenant.secretKey()).body().get("data")).isEmpty();

        batch.get(0).put("occurred_at", at.toString());
        assertThat(ingest(tenant, batch).number("created")).isEqualTo(5);
        assertThat(bad.post("/v1/usage-events", tenant.secretKey(), Map.of("data", List.of())).errorField())
                .isEqualTo("data");
        assertThat(bad.get("/v1/usage-events?kind=Not%20A%20Kind", tenant.secretKey()).errorField()).isEqualTo("kind");
    }

    @Test
    void aBatchOfMoreThan1000IsRefusedAndOf1000IsRecorded() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Instant at = clock.instant().minus(Duration.ofMinutes(1));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            batch.add(event("bulk-" + i, account, "download", at));
        }
        Api.Response tooMany = api.unvalidatedRequest().post("/v1/usage-events", tenant.secretKey(),
                Map.of("data", batch));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.errorField()).isEqualTo("data");
        assertThat(api.get("/v1/usage-events", tenant.secretKey()).body().get("data")).isEmpty();

        Api.Response thousand = ingest(tenant, batch.subList(0, 1000));
        assertThat(thousand.status()).as(thousand.toString()).isEqualTo(200);
        assertThat(thousand.number("created")).isEqualTo(1000);
    }

    @Test
    void anotherTenantsAccountIsRefusedNamingTheItem() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        UUID mine = newAccount(tenant);
        UUID theirs = newAccount(other);
        Instant at = clock.instant();
        Api.Response refused = ingest(tenant, List.of(event("a", mine, "download", at),
                event("b", theirs, "download", at)));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("data[1].account_id");
        assertThat(api.get("/v1/usage-events", tenant.secretKey()).body().get("data")).isEmpty();
        assertThat(api.post("/v1/usage-events", tenant.supportKey(), Map.of("data",
                List.of(event("c", mine, "download", at)))).status()).isEqualTo(403);
    }

    @Test
    void tasksCarryAKindAndCountAsUsageOnlyWhileCompleted() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        Api.Response video = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 10,
                "kind", "video", "quantity", "12.5", "unit", "seconds"));
        assertThat(video.status()).as(video.toString()).isEqualTo(201);
        assertThat(video.text("kind")).isEqualTo("video");
        assertThat(video.text("quantity")).isEqualTo("12.5");
        assertThat(video.text("unit")).isEqualTo("seconds");
        Api.Response plain = reserve(tenant, account, 5);
        assertThat(plain.text("kind")).isEqualTo("generation");
        assertThat(plain.text("quantity")).isNull();
        Api.Response failed = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 5,
                "kind", "song"));
        Api.Response badKind = api.unvalidatedRequest().post("/v1/tasks", tenant.secretKey(),
                Map.of("account_id", account, "credits", 5, "kind", "Song!"));
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.errorField()).isEqualTo("kind");
        assertThat(kinds(tenant, account)).isEmpty(); // reserved tasks do not count

        api.post("/v1/tasks/" + video.text("id") + "/complete", tenant.secretKey(), Map.of());
        api.post("/v1/tasks/" + plain.text("id") + "/complete", tenant.secretKey(), Map.of());
        api.post("/v1/tasks/" + failed.text("id") + "/fail", tenant.secretKey(), Map.of());
        assertThat(kinds(tenant, account)).containsExactlyInAnyOrder("video", "generation");
        JsonNode row = api.get("/v1/usage-events?kind=video", tenant.secretKey()).body().get("data").get(0);
        assertThat(row.get("source").asString()).isEqualTo("task");
        assertThat(row.get("task_id").asString()).isEqualTo(video.text("id"));
        assertThat(row.get("quantity").asString()).isEqualTo("12.5");
        assertThat(api.get("/v1/tasks/" + video.text("id"), tenant.secretKey()).text("kind")).isEqualTo("video");

        Api.Response restored = api.post("/v1/tasks/" + video.text("id") + "/restore", tenant.supportKey(),
                Map.of("reason", "the render was black"));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(kinds(tenant, account)).containsExactly("generation");
    }
}
