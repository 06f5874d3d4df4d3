package dev.creditdesk.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.ledger.internal.LedgerJobs;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TasksApiIT extends IntegrationTest {

    @Autowired
    LedgerJobs jobs;

    private Api.Response balance(TestTenant tenant, UUID account) {
        return api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
    }

    @Test
    void reserveHoldsAndCompleteConsumesWhatWasUsedAndReleasesTheRest() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);

        Api.Response task = reserve(tenant, account, 30);
        assertThat(task.status()).isEqualTo(201);
        assertThat(task.text("status")).isEqualTo("reserved");
        assertThat(balance(tenant, account).number("available")).isEqualTo(70);
        assertThat(balance(tenant, account).number("held")).isEqualTo(30);

        Api.Response done = api.post("/v1/tasks/" + task.text("id") + "/complete", tenant.secretKey(), Map.of("credits", 12));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.text("status")).isEqualTo("completed");
        assertThat(done.number("credits_used")).isEqualTo(12);
        assertThat(balance(tenant, account).number("available")).isEqualTo(88);
        assertThat(balance(tenant, account).number("held")).isZero();
    }

    @Test
    void completeWithoutABodyConsumesEverythingReserved() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String id = reserve(tenant, account, 30).text("id");
        assertThat(api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), null).number("credits_used")).isEqualTo(30);
        assertThat(available(tenant, account)).isEqualTo(70);
    }

    @Test
    void overDrawIs402WithWhatIsAvailableAndWritesNothing() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 25);
        Api.Response refused = reserve(tenant, account, 26);
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.number("available")).isEqualTo(25);
        assertThat(balance(tenant, account).number("held")).isZero();
        assertThat(api.get("/v1/accounts/" + account + "/ledger", tenant.secretKey()).body().get("data")).hasSize(1);

        UUID empty = newAccount(tenant);
        assertThat(reserve(tenant, empty, 1).number("available")).isZero();
    }

    @Test
    void failReleasesEverything() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String id = reserve(tenant, account, 40).text("id");
        Api.Response failed = api.post("/v1/tasks/" + id + "/fail", tenant.secretKey(), Map.of("reason", "GPU fell over"));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.text("status")).isEqualTo("failed");
        assertThat(failed.text("note")).isEqualTo("GPU fell over");
        assertThat(available(tenant, account)).isEqualTo(100);
    }

    @Test
    void settledTasksCannotBeSettledAgain() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String completed = reserve(tenant, account, 10).text("id");
        api.post("/v1/tasks/" + completed + "/complete", tenant.secretKey(), Map.of("credits", 10));
        String failed = reserve(tenant, account, 10).text("id");
        api.post("/v1/tasks/" + failed + "/fail", tenant.secretKey(), null);

        Api.Response doubleComplete = api.post("/v1/tasks/" + completed + "/complete", tenant.secretKey(), Map.of("credits", 5));
        assertThat(doubleComplete.status()).isEqualTo(409);
        assertThat(doubleComplete.text("type")).endsWith("/task-completed");
        Api.Response completeAfterFail = api.post("/v1/tasks/" + failed + "/complete", tenant.secretKey(), Map.of("credits", 5));
        assertThat(completeAfterFail.status()).isEqualTo(409);
        assertThat(completeAfterFail.text("type")).endsWith("/task-failed");
        assertThat(api.post("/v1/tasks/" + completed + "/fail", tenant.secretKey(), null).status()).isEqualTo(409);
        assertThat(available(tenant, account)).isEqualTo(90);
    }

    @Test
    void completingWithMoreThanReservedIsRejected() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String id = reserve(tenant, account, 10).text("id");
        Api.Response tooMuch = api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", 11));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorField()).isEqualTo("credits");
        Api.Response negative = api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", -1));
        assertThat(negative.errorField()).isEqualTo("credits");
        assertThat(api.get("/v1/tasks/" + id, tenant.secretKey()).text("status")).isEqualTo("reserved");
    }

    @Test
    void holdsPastTheirTtlAreReleasedAndCannotBeCompleted() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String id = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 60,
                "ttl_seconds", 60)).text("id");
        clock.advance(Duration.ofMinutes(2));

        Api.Response late = api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", 60));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text("type")).endsWith("/hold-expired");

        assertThat(jobs.expireHolds()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/v1/tasks/" + id, tenant.secretKey()).text("status")).isEqualTo("expired");
        assertThat(available(tenant, account)).isEqualTo(100);
        assertThat(api.post("/v1/tasks/" + id + "/fail", tenant.secretKey(), null).status()).isEqualTo(409);
    }

    @Test
    void creditsOfACompletedTaskLaterFoundFailedAreRestoredOnce() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String id = reserve(tenant, account, 30).text("id");
        api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", 25));
        assertThat(available(tenant, account)).isEqualTo(75);

        Api.Response restored = api.post("/v1/tasks/" + id + "/restore", tenant.supportKey(),
                Map.of("reason", "output was blank"));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.text("status")).isEqualTo("restored");
        assertThat(restored.number("credits_restored")).isEqualTo(25);
        assertThat(available(tenant, account)).isEqualTo(100);
        JsonNode latest = api.get("/v1/accounts/" + account + "/ledger?limit=1", tenant.secretKey()).body().get("data").get(0);
        assertThat(latest.get("type").asString()).isEqualTo("restore");

        assertThat(api.post("/v1/tasks/" + id + "/restore", tenant.supportKey(), Map.of("reason", "again")).status())
                .isEqualTo(409);
        assertThat(available(tenant, account)).isEqualTo(100);
    }

    @Test
    void restoringCreditsOfAnExpiredBlockGrantsARestorationBlock() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        api.post("/v1/credit-grants", tenant.secretKey(), Map.of("account_id", account, "credits", 50,
                "source", "promotional", "expires_at", clock.instant().plus(Duration.ofHours(2)).toString()));
        String id = reserve(tenant, account, 20).text("id");
        api.post("/v1/tasks/" + id + "/complete", tenant.secretKey(), Map.of("credits", 20));
        clock.advance(Duration.ofHours(3));
        jobs.expireBlocks();
        assertThat(available(tenant, account)).isZero();

        api.post("/v1/tasks/" + id + "/restore", tenant.secretKey(), Map.of("reason", "failed render"));
        Api.Response balance = balance(tenant, account);
        assertThat(balance.number("available")).isEqualTo(20);
        assertThat(balance.body().get("by_source").get("restoration").get("available").asLong()).isEqualTo(20);
    }

    @Test
    void onlyCompletedTasksCanBeRestored() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        String reserved = reserve(tenant, account, 10).text("id");
        assertThat(api.post("/v1/tasks/" + reserved + "/restore", tenant.secretKey(), Map.of("reason", "x")).status())
                .isEqualTo(409);
        assertThat(api.post("/v1/tasks/" + reserved + "/restore", tenant.secretKey(), Map.of()).errorField())
                .isEqualTo("reason");
    }

    @Test
    void badReservationsNameTheField() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        assertThat(api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 0)).errorField())
                .isEqualTo("credits");
        assertThat(api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 200_000_000))
                .errorField()).isEqualTo("credits");
        assertThat(api.post("/v1/tasks", tenant.secretKey(), Map.of("credits", 5)).errorField()).isEqualTo("account_id");
        assertThat(api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 5, "ttl_seconds", 0))
                .errorField()).isEqualTo("ttl_seconds");
        assertThat(api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", "abc", "credits", 5)).errorField())
                .isEqualTo("account_id");
        assertThat(api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", UUID.randomUUID(), "credits", 5))
                .status()).isEqualTo(404);
        assertThat(available(tenant, account)).isEqualTo(100);
    }

    @Test
    void externalIdsAreUniquePerTenant() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        Api.Response first = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 5, "external_id", "job-1"));
        Api.Response second = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 5, "external_id", "job-1"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("task_id")).isEqualTo(first.text("id"));
        assertThat(available(tenant, account)).isEqualTo(95);
    }

    @Test
    void aTakenExternalIdIsRefusedBeforeTheCreditsAreLookedAt() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 5);
        Api.Response first = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 5, "external_id", "job-1"));
        assertThat(first.status()).isEqualTo(201);
        Api.Response again = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 5, "external_id", "job-1"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).endsWith("/task-exists");
        assertThat(again.text("task_id")).isEqualTo(first.text("id"));
    }

    @Test
    void concurrentReservationsWithOneExternalIdMakeOneTaskAndAnswerTheOthers409() throws Exception {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 1_000);
        Map<String, Object> body = Map.of("account_id", account, "credits", 7, "external_id", "job-race");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Api.Response> responses = new ArrayList<>();
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/tasks", tenant.secretKey(), body);
                }));
            }
            start.countDown();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Api.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as(responses.toString()).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 201).as(responses.toString()).hasSize(threads - 1)
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(409);
                    assertThat(r.text("type")).endsWith("/task-exists");
                    assertThat(r.text("task_id")).isEqualTo(created.get(0).text("id"));
                });
        assertThat(available(tenant, account)).isEqualTo(993);
    }

    @Test
    void aRefusedReservationLeavesNoTaskAndItsExternalIdFree() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 5);
        Api.Response refused = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 6, "external_id", "job-1"));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(api.get("/v1/tasks?account_id=" + account, tenant.secretKey()).body().get("data")).isEmpty();

        Api.Response retried = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", account, "credits", 5, "external_id", "job-1"));
        assertThat(retried.status()).isEqualTo(201);
        assertThat(available(tenant, account)).isZero();
    }

    @Test
    void anotherTenantsTaskIsNotFound() {
        TestTenant owner = newTenant();
        TestTenant other = newTenant();
        UUID account = newAccount(owner);
        grant(owner, account, 100);
        String id = reserve(owner, account, 10).text("id");
        assertThat(api.get("/v1/tasks/" + id, other.secretKey()).status()).isEqualTo(404);
        assertThat(api.post("/v1/tasks/" + id + "/complete", other.secretKey(), Map.of("credits", 1)).status()).isEqualTo(404);
        assertThat(api.post("/v1/tasks/" + id + "/fail", other.secretKey(), null).status()).isEqualTo(404);
        assertThat(api.post("/v1/tasks", other.secretKey(), Map.of("account_id", account, "credits", 1)).status()).isEqualTo(404);
        assertThat(api.get("/v1/tasks/" + id, owner.secretKey()).text("status")).isEqualTo("reserved");
        assertThat(api.get("/v1/tasks/" + UUID.randomUUID(), owner.secretKey()).status()).isEqualTo(404);
    }
}
