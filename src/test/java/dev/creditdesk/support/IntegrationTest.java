package dev.creditdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The base of tests that drive the running application over HTTP against the shared embedded
 * PostgreSQL. All such tests share one Spring context; each test creates its own tenant, so
 * tests never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
public abstract class IntegrationTest {

    public static final String OPERATOR_KEY = "cd_operator_test-key";

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("creditdesk.database.url", TestDatabase::url);
        registry.add("creditdesk.database.user", () -> "postgres");
        registry.add("creditdesk.stripe.api-base", StripeServer::url);
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", MailServer::port);
    }

    @BeforeEach
    void connect() {
        api = new Api("http://localhost:" + port);
    }

    /** A tenant with one key of each role. */
    public record TestTenant(UUID id, String secretKey, String supportKey, String adminKey) {
    }

    protected TestTenant newTenant() {
        return newTenant(Map.of());
    }

    protected TestTenant newTenant(Map<String, Object> settingsOverrides) {
        return newTenant(null, settingsOverrides);
    }

    /** A tenant applying {@code policy} (a shipped policy id, or null for none). */
    protected TestTenant newTenant(String policy, Map<String, Object> settingsOverrides) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("timezone", "America/New_York");
        settings.put("holiday_country", "US");
        settings.put("currency", "USD");
        settings.put("support_email", "support@example.com");
        settings.putAll(settingsOverrides);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "tenant-" + UUID.randomUUID(), "settings", settings));
        if (policy != null) {
            body.put("policy", policy);
        }
        Api.Response created = api.post("/v1/tenants", OPERATOR_KEY, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.text("id"));
        String secret = created.body().get("secret_key").get("key").asString();
        return new TestTenant(id, secret, issueKey(id, "support"), issueKey(id, "admin"));
    }

    protected String issueKey(UUID tenantId, String role) {
        Api.Response key = api.post("/v1/tenants/" + tenantId + "/keys", OPERATOR_KEY, Map.of("role", role));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.text("key");
    }

    protected UUID newAccount(TestTenant tenant) {
        Api.Response account = api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "user-" + UUID.randomUUID(), "email", "customer@example.com"));
        assertThat(account.status()).as(account.toString()).isEqualTo(201);
        return UUID.fromString(account.text("id"));
    }

    protected Api.Response grant(TestTenant tenant, UUID accountId, long credits) {
        Api.Response block = api.post("/v1/credit-grants", tenant.secretKey(),
                Map.of("account_id", accountId, "credits", credits, "source", "promotional"));
        assertThat(block.status()).as(block.toString()).isEqualTo(201);
        return block;
    }

    protected Api.Response reserve(TestTenant tenant, UUID accountId, long credits) {
        return api.post("/v1/tasks", tenant.secretKey(), Map.of("account_id", accountId, "credits", credits));
    }

    protected long available(TestTenant tenant, UUID accountId) {
        return api.get("/v1/accounts/" + accountId + "/balance", tenant.secretKey()).number("available");
    }

    /**
     * The ids on every page of the list {@code query} (with or without a query string), read
     * {@code limit} at a time by following {@code next_cursor}; checks {@code has_more} and the
     * cursor on each page.
     */
    protected List<String> pageThrough(String query, int limit, String key) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        String separator = query.endsWith("?") ? "" : query.contains("?") ? "&" : "?";
        for (int pages = 0; pages < 100; pages++) {
            Api.Response page = api.get(query + separator + "limit=" + limit
                    + (cursor == null ? "" : "&starting_after=" + cursor), key);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.text("object")).isEqualTo("list");
            JsonNode data = page.body().get("data");
            data.forEach(item -> ids.add(item.get("id").asString()));
            if (!page.body().get("has_more").asBoolean()) {
                assertThat(page.text("next_cursor")).isNull();
                return ids;
            }
            assertThat(data).hasSize(limit);
            cursor = page.text("next_cursor");
            assertThat(cursor).isEqualTo(data.get(limit - 1).get("id").asString());
        }
        throw new AssertionError("more than 100 pages");
    }
}
