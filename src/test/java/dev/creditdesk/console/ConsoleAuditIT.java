package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.audit.AuditEntry;
import dev.creditdesk.audit.AuditLog;
import dev.creditdesk.audit.AuditQuery;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.MailServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The audit log as support and the API write it: one entry per successful change, in the change's
 * own transaction (a refused request leaves none), with who, what and the subject before and after;
 * the database refuses to change or remove an entry; no secret is ever recorded.
 */
class ConsoleAuditIT extends IntegrationTest {

    private static final Pattern FIRST_CREDITS = Pattern.compile("name=\"remedy_credits\"[^>]*value=\"([^\"]*)\"");

    @Autowired
    AuditLog log;

    @Autowired
    JdbcClient jdbc;

    private List<AuditEntry> entries(TestTenant tenant, String action, String subjectId) {
        return log.page(tenant.id(), new AuditQuery(null, action, subjectId, null, null), null, 100).data();
    }

    private String keyId(TestTenant tenant, String role) {
        JsonNode keys = api.get("/v1/tenants/" + tenant.id() + "/keys?limit=100", OPERATOR_KEY).body().get("data");
        for (JsonNode key : keys) {
            if (key.get("role").asString().equals(role)) {
                return key.get("id").asString();
            }
        }
        throw new AssertionError("no " + role + " key");
    }

    private String everything(TestTenant tenant) {
        return String.join("\n", jdbc.sql("select row_to_json(a)::text from audit_log a where tenant_id = :t")
                .param("t", tenant.id()).query(String.class).list());
    }

    @Test
    void anApiDecisionIsRecordedOnceWithTheCaseBeforeAndAfterAndARefusedOneNotAtAll() {
        TestTenant tenant = newTenant("case-review", Map.of());
        ConsoleCases.Case claim = ConsoleCases.claim(api, tenant, clock, "audit-" + UUID.randomUUID() + "@example.com",
                "billing_error", "I was charged the wrong price.", List.of());

        Api.Response refused = api.post("/v1/refund-requests/" + claim.id() + "/decision", tenant.supportKey(),
                Map.of("decision", "reject"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(entries(tenant, "refund_requests.decision", claim.id())).isEmpty();

        Api.Response rejected = api.post("/v1/refund-requests/" + claim.id() + "/decision", tenant.supportKey(),
                Map.of("decision", "reject", "note", "the price was the one on the order page"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        List<AuditEntry> decided = entries(tenant, "refund_requests.decision", claim.id());
        assertThat(decided).hasSize(1);
        AuditEntry entry = decided.get(0);
        assertThat(entry.actor()).isEqualTo("api_key:" + keyId(tenant, "support"));
        assertThat(entry.channel()).isEqualTo(AuditEntry.Channel.API);
        assertThat(entry.subjectType()).isEqualTo("refund_request");
        assertThat(entry.before()).containsEntry("status", "in_review");
        assertThat(entry.after()).containsEntry("status", "rejected");
        assertThat(entry.requestId()).isEqualTo(rejected.raw().headers().firstValue("Request-Id").orElseThrow());
        assertThat(entry.at()).isEqualTo(clock.instant());

        // the request that made the case is recorded too: a create, named by what it answered
        assertThat(entries(tenant, "refund_requests.create", claim.id())).singleElement()
                .satisfies(created -> assertThat(created.before()).isNull());
    }

    @Test
    void aConsoleDecisionIsRecordedAsTheSignedInUserAndAFormSentBackLeavesNoEntry() {
        TestTenant tenant = newTenant("case-review", Map.of());
        ConsoleCases.Case claim = ConsoleCases.claim(api, tenant, clock, "audit-" + UUID.randomUUID() + "@example.com",
                "billing_error", "I was charged the wrong price.", List.of());
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(tenant.supportKey()).status()).isEqualTo(302);
        ConsoleClient.Page page = browser.get("/console/cases/" + claim.id());
        Matcher credits = FIRST_CREDITS.matcher(page.body());
        assertThat(credits.find()).isTrue();

        ConsoleClient.Page sentBack = browser.post("/console/cases/" + claim.id() + "/decision",
                refund(page, "29.90", "0", ""));
        assertThat(sentBack.status()).as(sentBack.toString()).isEqualTo(422);
        assertThat(entries(tenant, "refund_requests.decision", claim.id())).isEmpty();

        ConsoleClient.Page decided = browser.post("/console/cases/" + claim.id() + "/decision",
                refund(page, "29.90", credits.group(1), ""));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(302);
        AuditEntry entry = entries(tenant, "refund_requests.decision", claim.id()).get(0);
        assertThat(entries(tenant, "refund_requests.decision", claim.id())).hasSize(1);
        assertThat(entry.channel()).isEqualTo(AuditEntry.Channel.CONSOLE);
        assertThat(entry.actor()).isEqualTo("api_key:" + keyId(tenant, "support"));
        assertThat(entry.before()).containsEntry("status", "in_review");
        assertThat(entry.after()).containsEntry("status", "approved");

        // the page: newest first, the key named by its role, the change as before and after
        ConsoleClient.Page audit = browser.get("/console/audit?action=refund_requests.decision");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.text()).contains("refund_requests.decision").contains("support key")
                .contains("in_review").contains("approved").contains(claim.id());
        assertThat(browser.get("/console/audit?subject=" + UUID.randomUUID()).text()).contains("No entries match.");
        ConsoleClient.Page badDate = browser.get("/console/audit?from=yesterday");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.text()).contains("must be a date like");
    }

    private static List<Map.Entry<String, String>> refund(ConsoleClient.Page page, String amount, String credits,
            String note) {
        return List.of(Map.entry("_csrf", page.csrf()), Map.entry("seen", page.seen()),
                Map.entry("decision", "approve"),
                Map.entry("remedy_type", "refund"), Map.entry("remedy_amount", amount),
                Map.entry("remedy_credits", credits), Map.entry("remedy_note", ""),
                Map.entry("note", note));
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAnEntry() {
        TestTenant tenant = newTenant();
        newAccount(tenant);
        assertThat(everything(tenant)).isNotEmpty();
        assertThatThrownBy(() -> jdbc.sql("update audit_log set actor = 'someone else' where tenant_id = :t")
                .param("t", tenant.id()).update()).isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_log where tenant_id = :t").param("t", tenant.id())
                .update()).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_log").update()).isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void keysIssuedAndRevokedAreRecordedWithoutTheirSecretAndSoIsAMailboxWithoutItsPassword() {
        TestTenant tenant = newTenant();
        Api.Response issued = api.post("/v1/tenants/" + tenant.id() + "/keys", OPERATOR_KEY, Map.of("role", "support"));
        assertThat(issued.status()).isEqualTo(201);
        String keyId = issued.text("id");
        Api.Response revoked = api.post("/v1/tenants/" + tenant.id() + "/keys/" + keyId + "/revoke", OPERATOR_KEY,
                null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        MailServer.Mailbox box = MailServer.newMailbox();
        Map<String, Object> mailbox = new HashMap<>(Map.of("host", "localhost", "port", MailServer.imapPort(),
                "security", "none", "username", box.login(), "password", box.password()));
        assertThat(api.put("/v1/mailbox", tenant.adminKey(), mailbox).status()).isEqualTo(200);

        assertThat(entries(tenant, "tenants.keys", keyId)).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).startsWith("api_key:");
            assertThat(entry.subjectType()).isEqualTo("api_key");
            assertThat(entry.after()).containsEntry("status", "active").containsEntry("role", "support");
        });
        assertThat(entries(tenant, "tenants.keys.revoke", keyId)).singleElement().satisfies(entry -> {
            assertThat(entry.before()).containsEntry("status", "active");
            assertThat(entry.after()).containsEntry("status", "revoked");
        });
        assertThat(entries(tenant, "mailbox.update", null)).hasSize(1);
        String all = everything(tenant);
        assertThat(all).doesNotContain(issued.text("key")).doesNotContain(box.password())
                .doesNotContain(tenant.secretKey()).doesNotContain(tenant.supportKey())
                .doesNotContain(tenant.adminKey());
    }

    @Test
    void anUnknownConsolePathIsANotFoundPageSignedInOrNot() {
        TestTenant tenant = newTenant();
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page signedOut = browser.get("/console/no-such-page");
        assertThat(signedOut.status()).isEqualTo(404);
        assertThat(signedOut.body()).startsWith("<!DOCTYPE html>").contains("Not found");
        browser.signIn(tenant.supportKey());
        ConsoleClient.Page signedIn = browser.get("/console/cases/" + UUID.randomUUID() + "/nothing-here");
        assertThat(signedIn.status()).isEqualTo(404);
        assertThat(signedIn.text()).contains("Not found").contains("There is no console page at this address");
        assertThat(browser.get("/console/queue").status()).isEqualTo(200);
    }
}
