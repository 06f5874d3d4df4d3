package dev.creditdesk.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountsApiIT extends IntegrationTest {

    @Test
    void createsAndFindsAnAccount() {
        TestTenant tenant = newTenant();
        Api.Response created = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "user-42", "email", "ada@example.com"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("object")).isEqualTo("account");

        Api.Response byId = api.get("/v1/accounts/" + created.text("id"), tenant.supportKey());
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.text("email")).isEqualTo("ada@example.com");
        Api.Response byExternal = api.get("/v1/accounts?external_id=user-42", tenant.secretKey());
        assertThat(byExternal.body().get("data")).hasSize(1);
        assertThat(byExternal.body().get("data").get(0).get("id").asString()).isEqualTo(created.text("id"));
    }

    @Test
    void duplicateExternalIdIsAConflictNamingTheExistingAccount() {
        TestTenant tenant = newTenant();
        Api.Response first = api.post("/v1/accounts", tenant.secretKey(), Map.of("external_id", "u", "email", "a@example.com"));
        Api.Response second = api.post("/v1/accounts", tenant.secretKey(), Map.of("external_id", "u", "email", "b@example.com"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("account_id")).isEqualTo(first.text("id"));
    }

    @Test
    void sameExternalIdInAnotherTenantIsAnotherAccount() {
        TestTenant a = newTenant();
        TestTenant b = newTenant();
        assertThat(api.post("/v1/accounts", a.secretKey(), Map.of("external_id", "u", "email", "a@example.com")).status())
                .isEqualTo(201);
        assertThat(api.post("/v1/accounts", b.secretKey(), Map.of("external_id", "u", "email", "a@example.com")).status())
                .isEqualTo(201);
    }

    @Test
    void badFieldsAreNamed() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        TestTenant tenant = newTenant();
        Api.Response missing = api.post("/v1/accounts", tenant.secretKey(), Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("external_id", "email");

        Api.Response badEmail = api.post("/v1/accounts", tenant.secretKey(), Map.of("external_id", "u", "email", "not-an-email"));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.errorField()).isEqualTo("email");

        Api.Response longId = api.post("/v1/accounts", tenant.secretKey(), Map.of("external_id", "x".repeat(256), "email", "a@example.com"));
        assertThat(longId.errorField()).isEqualTo("external_id");
        assertThat(api.get("/v1/accounts?external_id=u", tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void anotherTenantsAccountIsNotFound() {
        TestTenant owner = newTenant();
        TestTenant other = newTenant();
        UUID account = newAccount(owner);
        for (String path : new String[] {"", "/balance", "/ledger", "/entitlements", "/credit-blocks"}) {
            Api.Response response = api.get("/v1/accounts/" + account + path, other.secretKey());
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.get("/v1/accounts/not-a-uuid", owner.secretKey()).status()).isEqualTo(404);
    }

    @Test
    void suspendingGenerationRefusesTasksUntilLifted() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 100);
        Api.Response entitlements = api.get("/v1/accounts/" + account + "/entitlements", tenant.secretKey());
        assertThat(entitlements.body().get("generate").asBoolean()).isTrue();

        Api.Response suspension = api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "generate", "reason", "abuse review"));
        assertThat(suspension.status()).isEqualTo(201);
        entitlements = api.get("/v1/accounts/" + account + "/entitlements", tenant.secretKey());
        assertThat(entitlements.body().get("generate").asBoolean()).isFalse();
        assertThat(entitlements.body().get("download").asBoolean()).isTrue();
        assertThat(entitlements.body().get("suspensions")).hasSize(1);

        Api.Response refused = reserve(tenant, account, 10);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("suspension_id")).isEqualTo(suspension.text("id"));
        assertThat(available(tenant, account)).isEqualTo(100);

        String lift = "/v1/accounts/" + account + "/suspensions/" + suspension.text("id") + "/lift";
        assertThat(api.post(lift, tenant.supportKey(), Map.of("reason", "cleared")).status()).isEqualTo(200);
        assertThat(api.post(lift, tenant.supportKey(), Map.of("reason", "again")).status()).isEqualTo(409);
        assertThat(reserve(tenant, account, 10).status()).isEqualTo(201);
    }

    @Test
    void losingAccessLosesEverything() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        api.post("/v1/accounts/" + account + "/suspensions", tenant.adminKey(),
                Map.of("entitlement", "access", "reason", "chargeback"));
        Api.Response entitlements = api.get("/v1/accounts/" + account + "/entitlements", tenant.secretKey());
        assertThat(entitlements.body().get("access").asBoolean()).isFalse();
        assertThat(entitlements.body().get("generate").asBoolean()).isFalse();
        assertThat(entitlements.body().get("download").asBoolean()).isFalse();
    }

    @Test
    void suspensionsNeedAKnownEntitlementAReasonAndASupportOrAdminKey() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Api.Response bad = api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "fly"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("entitlement", "reason");
        assertThat(api.post("/v1/accounts/" + account + "/suspensions", tenant.secretKey(),
                Map.of("entitlement", "download", "reason", "x")).status()).isEqualTo(403);
        assertThat(api.get("/v1/accounts/" + account + "/entitlements", tenant.secretKey())
                .body().get("suspensions")).isEmpty();
    }
}
