package dev.creditdesk.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/accounts} pages and looks up; metadata on accounts; {@code POST /v1/accounts/{id}} updates. */
class AccountListIT extends IntegrationTest {

    private String create(TestTenant tenant, String externalId, String email) {
        Api.Response created = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", externalId, "email", email));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    @Test
    void pagesPast100NewestFirstAndLooksUpByEmailAnyCaseAndByExternalId() {
        TestTenant tenant = newTenant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            created.add(create(tenant, "user-" + i, "user-" + i + "@example.com"));
            if (i % 4 == 0) {
                clock.advance(Duration.ofMillis(1)); // some share a millisecond
            }
        }
        clock.advance(Duration.ofMillis(1)); // the two newest, whatever the random bits of the ids
        String ada = create(tenant, "ada-1", "Ada@Example.com");
        String adaAgain = create(tenant, "ada-2", "ada@example.com");
        created.add(ada);
        created.add(adaAgain);

        List<String> all = pageThrough("/v1/accounts", 100, tenant.supportKey());
        assertThat(all).hasSize(105).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(pageThrough("/v1/accounts", 7, tenant.secretKey())).containsExactlyElementsOf(all);
        ListChecks.newestFirst(api, "/v1/accounts", tenant.secretKey(), "created_at");
        assertThat(all.get(0)).isIn(ada, adaAgain);

        assertThat(pageThrough("/v1/accounts?email=ADA@example.COM", 1, tenant.secretKey()))
                .containsExactlyInAnyOrder(ada, adaAgain);
        assertThat(pageThrough("/v1/accounts?email=user-7@example.com", 10, tenant.secretKey()))
                .containsExactly(created.get(7));
        assertThat(pageThrough("/v1/accounts?external_id=ada-2", 10, tenant.secretKey())).containsExactly(adaAgain);
        assertThat(pageThrough("/v1/accounts?external_id=ada-2&email=user-7@example.com", 10, tenant.secretKey()))
                .isEmpty();
        assertThat(pageThrough("/v1/accounts?email=ada", 10, tenant.secretKey())).as("exact, not a prefix").isEmpty();
    }

    @Test
    void aCursorOfAnotherTenantOrAnotherListIsRefused() {
        TestTenant other = newTenant();
        String theirs = create(other, "u-1", "u@example.com");
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        String task = grantAndReserve(tenant, account);
        ListChecks.refusesCursors(api, "/v1/accounts", tenant.secretKey(),
                List.of(theirs, task, UUID.randomUUID().toString(), "42"));
    }

    private String grantAndReserve(TestTenant tenant, UUID account) {
        grant(tenant, account, 10);
        Api.Response task = reserve(tenant, account, 1);
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        return task.text("id");
    }

    @Test
    void metadataIsKeptReturnedAndHeldToItsLimits() {
        TestTenant tenant = newTenant();
        Api.Response created = api.post("/v1/accounts", tenant.secretKey(), Map.of("external_id", "m-1",
                "email", "m@example.com", "metadata", Map.of("crm_id", "C-77", "plan", "pro")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().get("metadata").get("crm_id").asString()).isEqualTo("C-77");
        assertThat(api.get("/v1/accounts/" + created.text("id"), tenant.supportKey()).body().get("metadata")
                .get("plan").asString()).isEqualTo("pro");
        JsonNode listed = api.get("/v1/accounts?external_id=m-1", tenant.secretKey()).body().get("data").get(0);
        assertThat(listed.get("metadata").get("crm_id").asString()).isEqualTo("C-77");
        assertThat(api.get("/v1/accounts/" + newAccount(tenant), tenant.secretKey()).body().get("metadata").isEmpty())
                .as("an account without metadata shows {}").isTrue();

        Map<String, Object> tooMany = new LinkedHashMap<>();
        IntStream.range(0, 51).forEach(i -> tooMany.put("k" + i, "v"));
        assertRefused(tenant, tooMany, "metadata");
        assertRefused(tenant, Map.of("k".repeat(41), "v"), "metadata." + "k".repeat(41));
        assertRefused(tenant, Map.of("note", "x".repeat(501)), "metadata.note");
        assertRefused(tenant, Map.of("count", 3), "metadata.count");
        assertRefused(tenant, Map.of("nested", Map.of("a", "b")), "metadata.nested");
        Map<String, Object> fifty = new LinkedHashMap<>();
        IntStream.range(0, 50).forEach(i -> fifty.put("k".repeat(40 - String.valueOf(i).length()) + i, "x".repeat(500)));
        Api.Response atTheLimit = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "limit", "email", "l@example.com", "metadata", fifty));
        assertThat(atTheLimit.status()).as(atTheLimit.toString()).isEqualTo(201);
        assertThat(atTheLimit.body().get("metadata").size()).isEqualTo(50);
    }

    private void assertRefused(TestTenant tenant, Map<String, Object> metadata, String field) {
        Api.Response refused = api.unvalidatedRequest().post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "refused", "email", "r@example.com", "metadata", metadata));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.errorField()).isEqualTo(field);
        assertThat(api.get("/v1/accounts?external_id=refused", tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void anUpdateChangesEmailAndMergesMetadataAndNothingElse() {
        TestTenant tenant = newTenant();
        Api.Response created = api.post("/v1/accounts", tenant.secretKey(), Map.of("external_id", "u-9",
                "email", "old@example.com", "metadata", Map.of("a", "1", "b", "2")));
        String id = created.text("id");
        assertThat(created.text("updated_at")).isNull();
        clock.advance(Duration.ofMinutes(1));

        Api.Response updated = api.post("/v1/accounts/" + id, tenant.secretKey(),
                Map.of("email", "new@example.com", "metadata", Map.of("a", "", "c", "3")));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.text("email")).isEqualTo("new@example.com");
        assertThat(updated.text("external_id")).isEqualTo("u-9");
        assertThat(updated.text("updated_at")).isEqualTo(clock.instant().toString());
        assertThat(updated.body().get("metadata").propertyNames()).containsExactly("b", "c");
        assertThat(pageThrough("/v1/accounts?email=NEW@example.com", 10, tenant.supportKey())).containsExactly(id);
        assertThat(pageThrough("/v1/accounts?email=old@example.com", 10, tenant.supportKey())).isEmpty();

        Api.Response onlyMetadata = api.post("/v1/accounts/" + id, tenant.adminKey(), Map.of("metadata", Map.of("d", "4")));
        assertThat(onlyMetadata.text("email")).isEqualTo("new@example.com");
        assertThat(onlyMetadata.body().get("metadata").propertyNames()).containsExactly("b", "c", "d");

        Map<String, Object> tooMany = new LinkedHashMap<>();
        IntStream.range(0, 48).forEach(i -> tooMany.put("k" + i, "v"));
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("email", "not-an-email"),
                Map.of("external_id", "u-10"), Map.of("metadata", tooMany), Map.of("metadata", Map.of("", "x")))) {
            Api.Response refused = api.unvalidatedRequest().post("/v1/accounts/" + id, tenant.secretKey(), body);
            assertThat(refused.status()).as(body + ": " + refused).isEqualTo(400);
        }
        JsonNode after = api.get("/v1/accounts/" + id, tenant.secretKey()).body();
        assertThat(after.get("email").asString()).isEqualTo("new@example.com");
        assertThat(after.get("external_id").asString()).isEqualTo("u-9");
        assertThat(after.get("metadata").propertyNames()).containsExactly("b", "c", "d");

        assertThat(api.post("/v1/accounts/" + id, newTenant().secretKey(), Map.of("email", "x@example.com")).status())
                .as("another tenant's account").isEqualTo(404);
        assertThat(api.post("/v1/accounts/" + id, tenant.supportKey(), Map.of("email", "x@example.com")).status())
                .isEqualTo(403);
    }
}
