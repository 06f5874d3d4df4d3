package dev.creditdesk.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/subscriptions} pages past 100 and filters by account and status; subscriptions carry metadata. */
class SubscriptionListIT extends IntegrationTest {

    private TestTenant tenant;
    /** Each subscription made, with the secret key of its tenant. */
    private final Map<String, String> created = new LinkedHashMap<>();

    /**
     * Ends what the test left active: the renewal job takes due subscriptions of every tenant a
     * batch at a time, and a hundred of ours would hold up other tests' renewals.
     */
    @AfterEach
    void endAll() {
        created.forEach((id, key) -> api.post("/v1/subscriptions/" + id + "/end", key, Map.of("reason", "test over")));
    }

    private String subscribe(UUID account, Map<String, String> metadata) {
        Api.Response subscription = api.post("/v1/subscriptions", tenant.secretKey(),
                Map.of("account_id", account, "plan_id", "pro-monthly", "metadata", metadata));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
        created.put(subscription.text("id"), tenant.secretKey());
        return subscription.text("id");
    }

    private void plan() {
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro-monthly", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 100)).status()).isEqualTo(201);
    }

    @Test
    void subscriptionsPagePast100AndFilterByAccountAndStatus() {
        tenant = newTenant();
        plan();
        UUID ada = newAccount(tenant);
        UUID bob = newAccount(tenant);
        List<String> adas = new ArrayList<>();
        List<String> bobs = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (int i = 0; i < 102; i++) {
            String id = i % 5 == 0 ? subscribe(bob, Map.of("seat", "s-" + i)) : subscribe(ada, Map.of());
            (i % 5 == 0 ? bobs : adas).add(id);
            if (i % 17 == 0) {
                assertThat(api.post("/v1/subscriptions/" + id + "/end", tenant.secretKey(),
                        Map.of("reason", "moved plan")).status()).isEqualTo(200);
                ended.add(id);
            }
        }
        List<String> all = pageThrough("/v1/subscriptions", 100, tenant.supportKey());
        assertThat(all).hasSize(102).doesNotHaveDuplicates().containsAll(adas).containsAll(bobs);
        assertThat(pageThrough("/v1/subscriptions", 30, tenant.secretKey())).containsExactlyElementsOf(all);
        ListChecks.newestFirst(api, "/v1/subscriptions", tenant.secretKey(), "created_at");
        assertThat(pageThrough("/v1/subscriptions?account_id=" + bob, 7, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(bobs);
        assertThat(pageThrough("/v1/subscriptions?status=ended", 100, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(ended);
        assertThat(pageThrough("/v1/subscriptions?status=active&account_id=" + bob, 100, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(bobs.stream().filter(id -> !ended.contains(id)).toList());
        assertThat(api.get("/v1/subscriptions?status=paused", tenant.secretKey()).errorField()).isEqualTo("status");

        JsonNode first = api.get("/v1/subscriptions/" + bobs.get(0), tenant.secretKey()).body();
        assertThat(first.get("metadata").get("seat").asString()).isEqualTo("s-0");
        assertThat(first.get("periods").get(0).get("object").asString()).isEqualTo("subscription_period");
        assertThat(first.get("periods").get(0).get("total").isString()).isTrue();
    }

    @Test
    void cursorsOfAnotherTenantOrAnotherListAreRefused() {
        tenant = newTenant();
        plan();
        String theirs = subscribe(newAccount(tenant), Map.of());
        tenant = newTenant();
        plan();
        UUID account = newAccount(tenant);
        subscribe(account, Map.of());
        ListChecks.refusesCursors(api, "/v1/subscriptions", tenant.secretKey(), List.of(theirs, account.toString()));
        ListChecks.refusesCursors(api, "/v1/subscriptions?account_id=" + account, tenant.secretKey(),
                List.of(subscribe(newAccount(tenant), Map.of())));
        Api.Response refused = api.unvalidatedRequest().post("/v1/subscriptions", tenant.secretKey(),
                Map.of("account_id", account, "plan_id", "pro-monthly", "metadata", Map.of("n", 1)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorField()).isEqualTo("metadata.n");
        assertThat(pageThrough("/v1/subscriptions?account_id=" + account, 10, tenant.secretKey())).hasSize(1);
    }
}
