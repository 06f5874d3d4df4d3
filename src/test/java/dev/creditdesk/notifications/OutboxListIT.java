package dev.creditdesk.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The outbox and the email templates are list objects; the outbox pages with a cursor. */
class OutboxListIT extends IntegrationTest {

    @Test
    void emailTemplatesAreAListObject() {
        TestTenant tenant = newTenant();
        Api.Response templates = api.get("/v1/email-templates", tenant.secretKey());
        assertThat(templates.status()).as(templates.toString()).isEqualTo(200);
        assertThat(templates.text("object")).isEqualTo("list");
        assertThat(templates.body().get("has_more").asBoolean()).isFalse();
        assertThat(templates.body().get("data").findValuesAsString("template")).contains("request_received", "approved");
        assertThat(templates.body().get("data").get(0).get("object").asString()).isEqualTo("email_template");
    }

    @Test
    void theOutboxPagesNewestFirstWithHasMore() {
        TestTenant tenant = newTenant("case-review", Map.of());
        // each refund request is acknowledged by an email
        List<String> expected = new ArrayList<>();
        UUID account = UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u-1", "email", "ada@example.com")).text("id"));
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        for (int i = 0; i < 5; i++) {
            Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                    "order_number", "O-" + i, "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                    "purchased_at", purchasedAt.toString(),
                    "charge", Map.of("provider", "manual", "transaction_id", "t-" + i)));
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
            Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of(
                    "email", "ada@example.com", "order_number", "O-" + i,
                    "purchase_date", purchasedAt.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                    "category", "billing_error", "reason", "charged twice"));
            assertThat(request.status()).as(request.toString()).isEqualTo(201);
        }
        Api.Response all = api.get("/v1/outbox?limit=100", tenant.supportKey());
        assertThat(all.text("object")).isEqualTo("list");
        assertThat(all.body().get("has_more").asBoolean()).isFalse();
        all.body().get("data").forEach(m -> expected.add(m.get("id").asString()));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(5);

        List<String> paged = new ArrayList<>();
        String cursor = null;
        boolean more = true;
        while (more) {
            Api.Response page = api.get("/v1/outbox?limit=2" + (cursor == null ? "" : "&starting_after=" + cursor),
                    tenant.supportKey());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonNode data = page.body().get("data");
            data.forEach(m -> paged.add(m.get("id").asString()));
            more = page.body().get("has_more").asBoolean();
            cursor = page.text("next_cursor");
            assertThat(cursor == null).isEqualTo(!more);
        }
        assertThat(paged).containsExactlyElementsOf(expected);

        TestTenant other = newTenant();
        Api.Response foreign = api.get("/v1/outbox?starting_after=" + expected.get(0), other.supportKey());
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
        assertThat(foreign.errorField()).isEqualTo("starting_after");
    }
}
