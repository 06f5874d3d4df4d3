package dev.creditdesk.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantsApiIT extends IntegrationTest {

    private static Map<String, Object> settings() {
        return Map.of("timezone", "Europe/Berlin", "holiday_country", "DE", "currency", "EUR",
                "support_email", "help@example.com");
    }

    @Test
    void operatorCreatesTenantAndGetsItsFirstSecretKeyOnce() {
        Api.Response created = api.post("/v1/tenants", OPERATOR_KEY,
                Map.of("name", "acme-" + UUID.randomUUID(), "settings", settings()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("object")).isEqualTo("tenant");
        assertThat(created.body().get("settings").get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(created.body().get("settings").get("drawdown_order").toString())
                .isEqualTo("[\"soonest_expiry\",\"non_refundable_first\",\"oldest_first\"]");
        String key = created.body().get("secret_key").get("key").asString();
        assertThat(key).startsWith("cd_secret_");

        UUID tenantId = UUID.fromString(created.text("id"));
        Api.Response keys = api.get("/v1/tenants/" + tenantId + "/keys", OPERATOR_KEY);
        assertThat(keys.body().get("data")).hasSize(1);
        assertThat(keys.body().get("data").get(0).get("key")).isNull();
        assertThat(keys.body().get("data").get(0).get("prefix").asString()).isEqualTo(key.substring(0, 16));

        Api.Response account = api.post("/v1/accounts", key, Map.of("external_id", "u1", "email", "a@example.com"));
        assertThat(account.status()).isEqualTo(201);
    }

    @Test
    void keysAreStoredHashed() {
        Api.Response created = api.post("/v1/tenants", OPERATOR_KEY,
                Map.of("name", "hash-" + UUID.randomUUID(), "settings", settings()));
        String key = created.body().get("secret_key").get("key").asString();
        Api.Response again = api.get("/v1/tenants/" + created.text("id"), OPERATOR_KEY);
        assertThat(again.raw().body()).doesNotContain(key);
        assertThat(api.get("/v1/tenants/" + created.text("id") + "/keys", OPERATOR_KEY).raw().body())
                .doesNotContain(key);
    }

    @Test
    void duplicateNameIsAConflict() {
        String name = "dup-" + UUID.randomUUID();
        assertThat(api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", name, "settings", settings())).status())
                .isEqualTo(201);
        Api.Response again = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", name, "settings", settings()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).endsWith("/tenant-name-taken");
    }

    @Test
    void invalidSettingsNameEveryBadFieldAndCreateNothing() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        String name = "bad-" + UUID.randomUUID();
        Api.Response bad = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", name, "settings",
                Map.of("timezone", "Mars/Olympus", "holiday_country", "XX", "currency", "ZZZ",
                        "support_email", "nope", "drawdown_order", List.of("cheapest_first"))));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
                "settings.timezone", "settings.holiday_country", "settings.currency",
                "settings.support_email", "settings.drawdown_order");
        // Nothing was written: the name is still free.
        assertThat(api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", name, "settings", settings())).status())
                .isEqualTo(201);
    }

    @Test
    void missingSettingsAreNamed() {
        Api.Response bad = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", "x-" + UUID.randomUUID(),
                "settings", Map.of("timezone", "UTC")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
                "settings.holiday_country", "settings.currency", "settings.support_email");
    }

    @Test
    void settingsCanBeChanged() {
        TestTenant tenant = newTenant();
        Api.Response updated = api.post("/v1/tenants/" + tenant.id(), OPERATOR_KEY,
                Map.of("settings", Map.of("timezone", "Asia/Tokyo", "drawdown_order",
                        List.of("oldest_first"))));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.body().get("settings").get("timezone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(updated.body().get("settings").get("currency").asString()).isEqualTo("USD");
        assertThat(updated.body().get("settings").get("drawdown_order").toString()).isEqualTo("[\"oldest_first\"]");
    }

    @Test
    void issuedKeysCarryTheirRoleAndRevokedKeysStopWorking() {
        TestTenant tenant = newTenant();
        Api.Response issued = api.post("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY, Map.of("role", "support"));
        assertThat(issued.status()).isEqualTo(201);
        String supportKey = issued.text("key");
        assertThat(supportKey).startsWith("cd_support_");

        UUID account = newAccount(tenant);
        assertThat(api.get("/v1/accounts/" + account, supportKey).status()).isEqualTo(200);
        // support may read but not record purchases or reserve credits
        Api.Response forbidden = api.post("/v1/accounts", supportKey, Map.of("external_id", "x", "email", "x@example.com"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.text("detail")).contains("secret, admin").contains("support");

        Api.Response revoked = api.post("/v1/tenants/" + tenant.id() + "/keys/" + issued.text("id") + "/revoke",
                OPERATOR_KEY, null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.text("revoked_at")).isNotNull();
        Api.Response refused = api.get("/v1/accounts/" + account, supportKey);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("type")).endsWith("/revoked-api-key");
    }

    @Test
    void unknownRoleIsRejected() {
        TestTenant tenant = newTenant();
        Api.Response bad = api.unvalidatedRequest().post("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY,
                Map.of("role", "operator"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("role");
    }

    @Test
    void missingOrWrongKeysAre401AndTenantKeysCannotProvision() {
        assertThat(api.get("/v1/tenants/" + UUID.randomUUID(), null).status()).isEqualTo(401);
        Api.Response wrong = api.get("/v1/tenants/" + UUID.randomUUID(), "cd_operator_wrong");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text("type")).endsWith("/invalid-api-key");

        TestTenant tenant = newTenant();
        assertThat(api.post("/v1/tenants", tenant.adminKey(), Map.of("name", "n", "settings", settings())).status())
                .isEqualTo(403);
        assertThat(api.post("/v1/tenants/" + tenant.id() + "/keys", tenant.adminKey(), Map.of("role", "admin"))
                .status()).isEqualTo(403);
    }

    @Test
    void operatorSeesNoTenantData() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        assertThat(api.get("/v1/accounts/" + account, OPERATOR_KEY).status()).isEqualTo(403);
    }

    @Test
    void unknownTenantIs404() {
        assertThat(api.get("/v1/tenants/" + UUID.randomUUID(), OPERATOR_KEY).status()).isEqualTo(404);
        assertThat(api.get("/v1/tenants/not-a-uuid", OPERATOR_KEY).status()).isEqualTo(404);
        assertThat(api.post("/v1/tenants/" + UUID.randomUUID() + "/keys", OPERATOR_KEY, Map.of("role", "admin"))
                .status()).isEqualTo(404);
    }
}
