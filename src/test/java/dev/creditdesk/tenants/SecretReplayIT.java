package dev.creditdesk.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Issue 11, finding 3: a key is shown once, and an idempotent replay neither keeps nor shows it again. */
class SecretReplayIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private List<String> storedResponses(String idempotencyKey) {
        return jdbc.sql("select coalesce(response_body, ''::bytea) from idempotency_keys where key = :key")
                .param("key", idempotencyKey)
                .query((rs, n) -> new String(rs.getBytes(1), StandardCharsets.UTF_8)).list();
    }

    @Test
    void replayingAKeyIssueAnswers409AndNeverTheKeyAgain() {
        TestTenant tenant = newTenant();
        String idempotencyKey = "issue-" + UUID.randomUUID();
        Map<String, String> headers = Map.of("Idempotency-Key", idempotencyKey);
        Api.Response first = api.post("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY, Map.of("role", "admin"), headers);
        assertThat(first.status()).isEqualTo(201);
        String secret = first.text("key");

        Api.Response replay = api.post("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY, Map.of("role", "admin"), headers);

        assertThat(replay.status()).as(replay.toString()).isEqualTo(409);
        assertThat(replay.contentType()).startsWith("application/problem+json");
        assertThat(replay.text("type")).endsWith("/secret-shown-once");
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.raw().body()).doesNotContain(secret).doesNotContain(secret.substring(16));
        assertThat(api.get("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY).body().get("data")).hasSize(4);
        assertThat(storedResponses(idempotencyKey)).hasSize(1)
                .allSatisfy(stored -> assertThat(stored).doesNotContain(secret.substring(16)));
    }

    @Test
    void replayingATenantCreationKeepsNoCopyOfItsSecretKey() {
        String idempotencyKey = "tenant-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("name", "replay-" + UUID.randomUUID(), "settings", Map.of(
                "timezone", "Europe/Berlin", "holiday_country", "DE", "currency", "EUR",
                "support_email", "help@example.com"));
        Api.Response first = api.post("/v1/tenants", OPERATOR_KEY, body, Map.of("Idempotency-Key", idempotencyKey));
        assertThat(first.status()).isEqualTo(201);
        String secret = first.body().get("secret_key").get("key").asString();

        Api.Response replay = api.post("/v1/tenants", OPERATOR_KEY, body, Map.of("Idempotency-Key", idempotencyKey));

        assertThat(replay.status()).as(replay.toString()).isEqualTo(409);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertThat(replay.raw().body()).doesNotContain(secret.substring(16));
        assertThat(storedResponses(idempotencyKey)).hasSize(1)
                .allSatisfy(stored -> assertThat(stored).doesNotContain(secret.substring(16)));
    }
}
