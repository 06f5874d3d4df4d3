package dev.creditdesk.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 11, finding 1: how a path is spelled never decides whether a key is checked. */
class PathSpellingIT extends IntegrationTest {

    /** The requests here are wrong on purpose; their answers are still held to the document. */
    @BeforeEach
    void sendWrongRequests() {
        api = api.unvalidatedRequest();
    }

    private int keyCount(TestTenant tenant) {
        return api.get("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY).body().get("data").size();
    }

    @Test
    void anEncodedPrefixIsRefusedAndIssuesNoKeyOfAnotherTenant() {
        TestTenant victim = newTenant();
        TestTenant attacker = newTenant();
        int keys = keyCount(victim);
        for (String prefix : List.of("/%761", "/v%31", "/%76%31", "/%56%31".toLowerCase())) {
            Api.Response issued = api.post(prefix + "/tenants/" + victim.id() + "/keys", attacker.secretKey(),
                    Map.of("role", "admin"));
            assertThat(issued.status()).as(prefix + " " + issued).isEqualTo(400);
            assertThat(issued.contentType()).startsWith("application/problem+json");
            assertThat(issued.text("type")).endsWith("/path-not-canonical");
            assertThat(issued.raw().body()).doesNotContain("cd_admin_");
        }
        Api.Response plain = api.post("/v1/tenants/" + victim.id() + "/keys", attacker.secretKey(), Map.of("role", "admin"));
        assertThat(plain.status()).as(plain.toString()).isEqualTo(403);
        assertThat(keyCount(victim)).isEqualTo(keys);
    }

    @Test
    void dotSegmentsSemicolonsEncodedSlashesAndEmptySegmentsAreRefusedBeforeAnyHandler() {
        TestTenant victim = newTenant();
        int keys = keyCount(victim);
        String rest = "/tenants/" + victim.id() + "/keys";
        // The webhook prefix needs no key: a path that only starts with it must not open anything else.
        for (String path : List.of("/v1/webhooks/.." + rest, "/v1/webhooks/%2e%2e" + rest, "/v1/x/.." + rest,
                "/v1;x=1" + rest, "/v1" + rest + ";x=1", "/v1/tenants%2F" + victim.id() + "/keys", "/v1/" + rest,
                "/v1/./tenants/" + victim.id() + "/keys", "/v1%2Ftenants/" + victim.id() + "/keys",
                "/v1/tenants/" + victim.id() + "%5Ckeys", "/v1/%2e/tenants")) {
            for (String key : java.util.Arrays.asList(null, "cd_secret_wrong")) {
                Api.Response issued = api.post(path, key, Map.of("role", "admin"));
                assertThat(issued.status()).as(path + " " + issued).isEqualTo(400);
                assertThat(issued.contentType()).as(path).startsWith("application/problem+json");
            }
        }
        assertThat(keyCount(victim)).isEqualTo(keys);
    }

    @Test
    void whatSpringSecuritysFirewallRefusesIsAProblemToo() {
        TestTenant tenant = newTenant();
        Api.Response lineSeparator = api.get("/v1/accounts/%E2%80%A8", tenant.adminKey());
        assertThat(lineSeparator.status()).as(lineSeparator.toString()).isEqualTo(400);
        assertThat(lineSeparator.contentType()).startsWith("application/problem+json");
        Api.Response euro = api.get("/v1/accounts/%E2%82%AC", tenant.adminKey());
        assertThat(euro.status()).as("a plain escape names no account").isEqualTo(404);
    }

    @Test
    void withoutAKeyTheWebhookStaysOpenAndEveryOtherHandlerAnswers401() {
        TestTenant tenant = newTenant();
        Api.Response webhook = api.post("/v1/webhooks/stripe/" + tenant.id(), null, "{}");
        assertThat(webhook.status()).as(webhook.toString()).isNotIn(401, 403).isLessThan(500);
        Api.Response keys = api.post("/v1/tenants/" + tenant.id() + "/keys", null, Map.of("role", "admin"));
        assertThat(keys.status()).isEqualTo(401);
        assertThat(keys.text("type")).endsWith("/missing-api-key");
        assertThat(keys.header("WWW-Authenticate")).isEqualTo("Bearer");
        Api.Response wrong = api.get("/v1/accounts?external_id=x", "cd_secret_wrong");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text("type")).endsWith("/invalid-api-key");
    }
}
