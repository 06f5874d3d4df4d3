package dev.creditdesk.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/tenants} (operator key) pages past 100 and looks a tenant up by name. */
class TenantListIT extends IntegrationTest {

    private String create(String name) {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("timezone", "UTC", "holiday_country", "US",
                "currency", "USD", "support_email", "support@example.com"));
        Api.Response created = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", name, "settings", settings));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    @Test
    void tenantsPagePast100AndAreFoundByName() {
        String run = UUID.randomUUID().toString();
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            ours.add(create("list-" + run + "-" + i));
        }
        List<String> all = pageThrough("/v1/tenants", 100, OPERATOR_KEY);
        assertThat(all).doesNotHaveDuplicates().containsAll(ours);
        ListChecks.newestFirst(api, "/v1/tenants", OPERATOR_KEY, "created_at");
        assertThat(pageThrough("/v1/tenants?name=list-" + run + "-7", 10, OPERATOR_KEY)).containsExactly(ours.get(7));
        Api.Response listed = api.get("/v1/tenants?name=list-" + run + "-7", OPERATOR_KEY);
        assertThat(listed.body().get("data").get(0).get("object").asString()).isEqualTo("tenant");
        assertThat(listed.body().get("data").get(0).has("secret_key")).as("no key in a list").isFalse();

        TestTenant tenant = newTenant();
        ListChecks.refusesCursors(api, "/v1/tenants", OPERATOR_KEY,
                List.of(newAccount(tenant).toString(), UUID.randomUUID().toString()));
        assertThat(api.get("/v1/tenants", tenant.adminKey()).status()).isEqualTo(403);
    }

    @Test
    void aTenantsKeysPagePast100() {
        TestTenant tenant = newTenant();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Api.Response key = api.post("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY, Map.of("role", "support"));
            assertThat(key.status()).as(key.toString()).isEqualTo(201);
            issued.add(key.text("id"));
        }
        List<String> all = pageThrough("/v1/tenants/" + tenant.id() + "/keys", 100, OPERATOR_KEY);
        assertThat(all).hasSize(103).doesNotHaveDuplicates().containsAll(issued); // and the 3 newTenant made
        assertThat(pageThrough("/v1/tenants/" + tenant.id() + "/keys", 17, OPERATOR_KEY)).containsExactlyElementsOf(all);
        Api.Response page = api.get("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY);
        assertThat(page.body().get("data").get(0).has("key")).as("keys are listed by prefix only").isFalse();

        TestTenant other = newTenant();
        String theirKey = api.get("/v1/tenants/" + other.id() + "/keys", OPERATOR_KEY).body().get("data").get(0)
                .get("id").asString();
        ListChecks.refusesCursors(api, "/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY,
                List.of(theirKey, tenant.id().toString()));
    }
}
