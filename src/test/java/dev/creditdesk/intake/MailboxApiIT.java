package dev.creditdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.MailServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class MailboxApiIT extends IntegrationTest {

    @Autowired JdbcClient jdbc;
    @Autowired IntakeRules rules;

    private Map<String, Object> settings(MailServer.Mailbox box) {
        Map<String, Object> body = new HashMap<>();
        body.put("host", "localhost");
        body.put("port", MailServer.imapPort());
        body.put("security", "none");
        body.put("username", box.login());
        body.put("password", box.password());
        return body;
    }

    @Test
    void savedWithItsPasswordEncryptedAndNeverShown() {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = MailServer.newMailbox();
        Api.Response saved = api.put("/v1/mailbox", tenant.adminKey(), settings(box));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.text("object")).isEqualTo("mailbox");
        assertThat(saved.text("folder")).isEqualTo("INBOX");
        assertThat(saved.body().get("password_set").asBoolean()).isTrue();
        assertThat(saved.body().get("day_first").asBoolean()).isTrue();
        assertThat(saved.raw().body()).doesNotContain(box.password()).doesNotContain("\"password\"");

        Api.Response read = api.get("/v1/mailbox", tenant.adminKey());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.raw().body()).doesNotContain(box.password());
        String stored = jdbc.sql("select password from mailboxes where tenant_id = :t").param("t", tenant.id())
                .query(String.class).single();
        assertThat(stored).startsWith("aesgcm:").doesNotContain(box.password());

        assertThat(api.post("/v1/mailbox/test", tenant.adminKey(), null).body().get("ok").asBoolean()).isTrue();
    }

    @Test
    void aReplaceWithoutPasswordKeepsTheSavedOne() {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = MailServer.newMailbox();
        api.put("/v1/mailbox", tenant.adminKey(), settings(box));
        Map<String, Object> changed = settings(box);
        changed.remove("password");
        changed.put("day_first", false);
        changed.put("order_patterns", List.of("\\b(ORD\\d{6})\\b"));
        Api.Response replaced = api.put("/v1/mailbox", tenant.adminKey(), changed);
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.body().get("day_first").asBoolean()).isFalse();

        Api.Response test = api.post("/v1/mailbox/test", tenant.adminKey(), null);
        assertThat(test.text("object")).isEqualTo("mailbox_test");
        assertThat(test.body().get("ok").asBoolean()).as(test.toString()).isTrue();

        ParseRules tenantRules = rules.forTenant(tenant.id());
        assertThat(tenantRules.dayFirst()).isFalse();
        assertThat(tenantRules.orderPatterns()).extracting(p -> p.pattern()).containsExactly("\\b(ORD\\d{6})\\b");
        assertThat(tenantRules.transactionPatterns()).containsExactly(ParseRules.DEFAULT_TRANSACTION);
    }

    @Test
    void withoutAMailboxTheRulesAreTheDefaults() {
        TestTenant tenant = newTenant();
        ParseRules tenantRules = rules.forTenant(tenant.id());
        assertThat(tenantRules.orderPatterns()).containsExactly(ParseRules.DEFAULT_ORDER);
        assertThat(tenantRules.dayFirst()).isTrue();
        assertThat(tenantRules.categories()).isNotEmpty();
        assertThat(api.get("/v1/mailbox", tenant.adminKey()).status()).isEqualTo(404);
        assertThat(api.post("/v1/mailbox/test", tenant.adminKey(), null).status()).isEqualTo(404);
    }

    @Test
    void badSettingsAreRefusedNamingTheFieldAndChangeNothing() {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = MailServer.newMailbox();
        Map<String, String> cases = Map.of(
                "host", "{\"host\":\"not a host!\",\"username\":\"u\",\"password\":\"p\"}",
                "security", "{\"host\":\"imap.example.com\",\"security\":\"tls\",\"username\":\"u\",\"password\":\"p\"}",
                "port", "{\"host\":\"imap.example.com\",\"port\":70000,\"username\":\"u\",\"password\":\"p\"}",
                "username", "{\"host\":\"imap.example.com\",\"password\":\"p\"}",
                "password", "{\"host\":\"imap.example.com\",\"username\":\"u\"}",
                "order_patterns[0]", "{\"host\":\"imap.example.com\",\"username\":\"u\",\"password\":\"p\","
                        + "\"order_patterns\":[\"(unclosed\"]}",
                "transaction_patterns[1]", "{\"host\":\"imap.example.com\",\"username\":\"u\",\"password\":\"p\","
                        + "\"transaction_patterns\":[\"pi_\\\\w+\",\"(a+)+$\"]}");
        cases.forEach((field, body) -> {
            Api.Response refused = api.unvalidatedRequest().put("/v1/mailbox", tenant.adminKey(), body);
            assertThat(refused.status()).as(field + ": " + refused).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.errorField()).as(refused.toString()).isEqualTo(field);
        });
        assertThat(api.get("/v1/mailbox", tenant.adminKey()).status()).isEqualTo(404);
        assertThat(api.put("/v1/mailbox", tenant.adminKey(), settings(box)).status()).isEqualTo(200);
    }

    @Test
    void theTestSaysInWordsWhatWentWrong() throws IOException {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = MailServer.newMailbox();
        Map<String, Object> wrongPassword = settings(box);
        wrongPassword.put("password", "not-the-password-xyz");
        api.put("/v1/mailbox", tenant.adminKey(), wrongPassword);
        Api.Response test = api.post("/v1/mailbox/test", tenant.adminKey(), null);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.body().get("ok").asBoolean()).isFalse();
        assertThat(test.text("problem")).startsWith("The server refused the user name or password")
                .contains("app password").contains("docs/intake.md");
        assertThat(test.raw().body()).doesNotContain("not-the-password-xyz");

        Map<String, Object> missingFolder = settings(box);
        missingFolder.put("folder", "Refunds");
        api.put("/v1/mailbox", tenant.adminKey(), missingFolder);
        assertThat(api.post("/v1/mailbox/test", tenant.adminKey(), null).text("problem"))
                .startsWith("The folder Refunds does not exist");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> nobody = settings(box);
        nobody.put("port", closedPort);
        api.put("/v1/mailbox", tenant.adminKey(), nobody);
        assertThat(api.post("/v1/mailbox/test", tenant.adminKey(), null).text("problem"))
                .isEqualTo("No server answers at localhost:" + closedPort);

        Map<String, Object> selfSigned = settings(box);
        selfSigned.put("port", MailServer.imapsPort());
        selfSigned.put("security", "ssl");
        api.put("/v1/mailbox", tenant.adminKey(), selfSigned);
        assertThat(api.post("/v1/mailbox/test", tenant.adminKey(), null).text("problem"))
                .isEqualTo("TLS handshake failed: the server's certificate is not trusted (self-signed, expired, or"
                        + " from an unknown authority)");

        Map<String, Object> plainPortWithTls = settings(box);
        plainPortWithTls.put("security", "ssl");
        api.put("/v1/mailbox", tenant.adminKey(), plainPortWithTls);
        assertThat(api.post("/v1/mailbox/test", tenant.adminKey(), null).text("problem"))
                .startsWith("TLS handshake failed: ").contains("ssl is usually 993");
        assertThat(api.delete("/v1/mailbox", tenant.adminKey()).status()).isEqualTo(200);
    }

    @Test
    void deletedMailboxIsGone() {
        TestTenant tenant = newTenant();
        api.put("/v1/mailbox", tenant.adminKey(), settings(MailServer.newMailbox()));
        Api.Response deleted = api.delete("/v1/mailbox", tenant.adminKey());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/mailbox", tenant.adminKey()).status()).isEqualTo(404);
        assertThat(api.delete("/v1/mailbox", tenant.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void onlyAdminsMayTouchTheMailbox() {
        TestTenant tenant = newTenant();
        assertThat(api.get("/v1/mailbox", tenant.supportKey()).status()).isEqualTo(403);
        assertThat(api.put("/v1/mailbox", tenant.secretKey(), settings(MailServer.newMailbox())).status())
                .isEqualTo(403);
    }
}
