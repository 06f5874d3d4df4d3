package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The case page's trace says which rules were skipped because their window had closed. */
class ConsoleWindowTraceIT extends IntegrationTest {

    private static final String POLICY = """
            id: windows-in-the-trace
            version: "1"
            effective_from: 2020-01-01T00:00:00Z
            request_window: {calendar_days: 7, cite: "within 7 days of the purchase"}
            review_sla_business_days: 2
            rules:
              - id: fraud-any-time
                cite: "fraud, whenever reported"
                window: none
                when: request.category == "fraud"
                outcome: needs_review
              - id: ordinary
                cite: "a full refund"
                when: "true"
                outcome: full_refund
                decide: automatic
            """;

    @Test
    void aRuleSkippedBecauseItsWindowClosedIsShownAsSuch() {
        TestTenant tenant = newTenant(Map.of("timezone", "America/New_York"));
        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("activate", true, "document", POLICY));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        UUID account = newAccount(tenant);
        Instant purchased = clock.instant().minus(Duration.ofDays(30));
        assertThat(api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account, "order_number", "W-1",
                "credits", 100, "currency", "USD", "net", "10.00", "total", "10.00",
                "purchased_at", purchased.toString(),
                "charge", Map.of("provider", "stripe", "transaction_id", "pi_W1"))).status()).isEqualTo(201);
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                "email", "customer@example.com", "order_number", "W-1",
                "purchase_date", purchased.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "change_of_mind", "reason", "Too late, I know"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        assertThat(request.body().get("proposal").get("rule").asString()).isEqualTo("request-window");

        ConsoleClient browser = new ConsoleClient(port);
        assertThat(browser.signIn(tenant.supportKey()).status()).isEqualTo(302);
        ConsoleClient.Page page = browser.get("/console/cases/" + request.text("id"));
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.text()).contains("request-window").contains("yes — this rule decides")
                .contains("fraud-any-time").contains("no — its window had closed");
    }
}
