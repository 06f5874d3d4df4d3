package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 11, finding 2: revoking the key a console session signed in with ends that session at once. */
class ConsoleKeyRevocationIT extends IntegrationTest {

    private void revoke(TestTenant tenant, String key) {
        JsonNode keys = api.get("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY).body().get("data");
        String keyId = null;
        for (JsonNode listed : keys) {
            if (listed.get("prefix").asString().equals(key.substring(0, 16))) {
                keyId = listed.get("id").asString();
            }
        }
        assertThat(api.post("/v1/tenants/" + tenant.id() + "/keys/" + keyId + "/revoke", OPERATOR_KEY, null)
                .status()).isEqualTo(200);
    }

    @Test
    void aRevokedKeysSessionOpensNoCaseAndRecordsNoDecision() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        ConsoleCases.Case fraud = ConsoleCases.fraudClaim(api, tenant, clock);
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(tenant.supportKey()).status()).isEqualTo(302);
        ConsoleClient.Page casePage = browser.get("/console/cases/" + fraud.id());
        assertThat(casePage.status()).isEqualTo(200);
        String sessionBefore = browser.sessionId();

        revoke(tenant, tenant.supportKey());

        ConsoleClient.Page decided = browser.post("/console/cases/" + fraud.id() + "/decision", List.of(
                Map.entry("_csrf", casePage.csrf()), Map.entry("seen", casePage.seen()),
                Map.entry("decision", "reject"), Map.entry("note", "no proof")));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(302);
        assertThat(decided.location()).endsWith("/console/sign-in?revoked");
        assertThat(api.get("/v1/refund-requests/" + fraud.id(), tenant.adminKey()).text("status"))
                .isEqualTo("in_review");

        ConsoleClient.Page reopened = browser.get("/console/cases/" + fraud.id());
        assertThat(reopened.status()).isEqualTo(302);
        assertThat(reopened.location()).contains("/console/sign-in");
        assertThat(browser.get("/console/queue").status()).isEqualTo(302);
        assertThat(browser.get("/console/sign-in?revoked").text()).contains("was revoked");
        assertThat(browser.sessionId()).isNotEqualTo(sessionBefore);
    }

    @Test
    void aRevokedAdminKeyLosesItsSessionAndCannotSignInAgain() {
        TestTenant tenant = newTenant("exceptions-only", Map.of());
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(tenant.adminKey()).status()).isEqualTo(302);
        assertThat(browser.get("/console/queue").status()).isEqualTo(200);
        revoke(tenant, tenant.adminKey());
        assertThat(browser.get("/console/queue").status()).isEqualTo(302);
        assertThat(new ConsoleClient(port).signIn(tenant.adminKey()).location()).contains("/console/sign-in?error");
    }
}
