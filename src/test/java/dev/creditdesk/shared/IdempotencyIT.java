package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdempotencyIT extends IntegrationTest {

    private static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    @Test
    void sameKeyAndBodyReplaysTheResponseWithoutASecondEffect() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        Map<String, Object> body = Map.of("account_id", account, "credits", 10);
        Api.Response first = api.post("/v1/tasks", tenant.secretKey(), body, key("reserve-1"));
        Api.Response replay = api.post("/v1/tasks", tenant.secretKey(), body, key("reserve-1"));

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.raw().body()).isEqualTo(first.raw().body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(available(tenant, account)).isEqualTo(90);
    }

    @Test
    void sameKeyWithAnotherBodyOrPathIs409() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 10), key("k"));
        Api.Response otherBody = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 11), key("k"));
        assertThat(otherBody.status()).isEqualTo(409);
        assertThat(otherBody.errorField()).isEqualTo("Idempotency-Key");
        Api.Response otherPath = api.post("/v1/credit-grants", tenant.secretKey(),
                Map.of("account_id", account, "credits", 10, "source", "bonus"), key("k"));
        assertThat(otherPath.status()).isEqualTo(409);
        assertThat(available(tenant, account)).isEqualTo(90);
    }

    @Test
    void aFailedRequestStoresNothingSoItsKeyCanBeRetried() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Map<String, Object> body = Map.of("account_id", account, "credits", 10);
        assertThat(api.post("/v1/tasks", tenant.secretKey(), body, key("retry")).status()).isEqualTo(402);
        grant(tenant, account, 10);
        assertThat(api.post("/v1/tasks", tenant.secretKey(), body, key("retry")).status()).isEqualTo(201);
        assertThat(available(tenant, account)).isZero();
    }

    @Test
    void keysAreScopedToTheTenant() {
        TestTenant a = newTenant();
        TestTenant b = newTenant();
        Api.Response inA = api.post("/v1/accounts", a.secretKey(), Map.of("external_id", "u", "email", "u@example.com"), key("same"));
        Api.Response inB = api.post("/v1/accounts", b.secretKey(), Map.of("external_id", "u", "email", "u@example.com"), key("same"));
        assertThat(inA.status()).isEqualTo(201);
        assertThat(inB.status()).isEqualTo(201);
        assertThat(inB.text("id")).isNotEqualTo(inA.text("id"));
    }

    @Test
    void concurrentRequestsWithOneKeyHaveOneEffect() throws Exception {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 1_000);
        Map<String, Object> body = Map.of("account_id", account, "credits", 7);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> responses = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                responses.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/tasks", tenant.secretKey(), body, key("burst"));
                }));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<Api.Response> response : responses) {
                Api.Response r = response.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                ids.add(r.text("id"));
            }
            assertThat(ids).allMatch(ids.get(0)::equals);
        } finally {
            pool.shutdownNow();
        }
        assertThat(available(tenant, account)).isEqualTo(993);
    }

    @Test
    void anOverlongKeyIsRejected() {
        TestTenant tenant = newTenant();
        Api.Response response = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u", "email", "u@example.com"), key("k".repeat(256)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorField()).isEqualTo("Idempotency-Key");
        assertThat(api.get("/v1/accounts?external_id=u", tenant.secretKey()).body().get("data")).isEmpty();
    }
}
