package dev.creditdesk.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/tasks} pages past 100 and filters by account and status; tasks carry metadata. */
class TaskListIT extends IntegrationTest {

    @Test
    void tasksPagePast100AndFilterByAccountAndStatus() {
        TestTenant tenant = newTenant();
        UUID ada = newAccount(tenant);
        UUID bob = newAccount(tenant);
        grant(tenant, ada, 1_000);
        grant(tenant, bob, 1_000);
        List<String> adas = new ArrayList<>();
        List<String> bobs = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            boolean forBob = i % 4 == 0;
            Api.Response task = api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", forBob ? bob : ada,
                    "credits", 1, "metadata", Map.of("job", "render-" + i)));
            assertThat(task.status()).as(task.toString()).isEqualTo(201);
            (forBob ? bobs : adas).add(task.text("id"));
            if (i % 10 == 0) {
                assertThat(api.post("/v1/tasks/" + task.text("id") + "/complete", tenant.secretKey(), Map.of())
                        .status()).isEqualTo(200);
                completed.add(task.text("id"));
            }
            if (i % 3 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        List<String> all = pageThrough("/v1/tasks", 100, tenant.supportKey());
        assertThat(all).hasSize(103).doesNotHaveDuplicates();
        assertThat(all).containsAll(adas).containsAll(bobs);
        assertThat(pageThrough("/v1/tasks", 11, tenant.secretKey())).containsExactlyElementsOf(all);
        ListChecks.newestFirst(api, "/v1/tasks", tenant.secretKey(), "created_at");
        assertThat(pageThrough("/v1/tasks?account_id=" + bob, 5, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(bobs);
        assertThat(pageThrough("/v1/tasks?status=completed", 5, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(completed);
        assertThat(pageThrough("/v1/tasks?status=completed&account_id=" + bob, 5, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(completed.stream().filter(bobs::contains).toList());

        Api.Response badStatus = api.get("/v1/tasks?status=done", tenant.secretKey());
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.errorField()).isEqualTo("status");
        assertThat(api.get("/v1/tasks/" + adas.get(0), tenant.secretKey()).body().get("metadata").get("job")
                .asString()).isEqualTo("render-1");
    }

    @Test
    void cursorsOfAnotherTenantOrAnotherListAreRefusedAndBadMetadataReservesNothing() {
        TestTenant other = newTenant();
        UUID theirAccount = newAccount(other);
        grant(other, theirAccount, 10);
        String theirs = reserve(other, theirAccount, 1).text("id");
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 10);
        reserve(tenant, account, 1);
        ListChecks.refusesCursors(api, "/v1/tasks", tenant.secretKey(), List.of(theirs, account.toString(), "x"));
        UUID another = newAccount(tenant);
        grant(tenant, another, 10);
        ListChecks.refusesCursors(api, "/v1/tasks?account_id=" + account, tenant.secretKey(),
                List.of(reserve(tenant, another, 1).text("id")));

        Api.Response refused = api.unvalidatedRequest().post("/v1/tasks", tenant.secretKey(),
                Map.of("account_id", account, "credits", 1,
                "metadata", Map.of("k".repeat(41), "v")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorField()).isEqualTo("metadata." + "k".repeat(41));
        assertThat(available(tenant, account)).isEqualTo(9);
    }
}
