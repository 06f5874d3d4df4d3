package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API's conventions, read off real responses of every GET: each response and each item of a
 * list says what it is ({@code object}), every id is a string, every amount is a decimal string.
 */
class ResponseShapeIT extends IntegrationTest {

    /** Money fields of an object with a currency; credits are whole numbers and stay numbers. */
    private static final Set<String> AMOUNTS = Set.of("amount", "net", "tax", "fee", "total", "refunded", "price",
            "unit_cost", "refundable", "charged_back");

    @Test
    void everyObjectSaysWhatItIsWithStringIdsAndStringAmounts() {
        TestTenant tenant = newTenant("case-review", Map.of());
        UUID account = newAccount(tenant);
        grant(tenant, account, 50);
        String task = reserve(tenant, account, 5).text("id");
        assertThat(api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "pro", "kind", "plan",
                "name", "Pro", "currency", "USD", "price", "19.00", "credits", 100)).status()).isEqualTo(201);
        String subscription = api.post("/v1/subscriptions", tenant.secretKey(),
                Map.of("account_id", account, "plan_id", "pro")).text("id");
        Instant purchased = clock.instant().minus(Duration.ofHours(1));
        String order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "S-1", "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "purchased_at", purchased.toString(),
                "charge", Map.of("provider", "manual", "transaction_id", "t-1"))).text("id");
        String request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", "customer@example.com",
                "order_number", "S-1", "purchase_date",
                purchased.atZone(ZoneId.of("America/New_York")).toLocalDate().toString(),
                "category", "billing_error", "reason", "charged twice")).text("id");
        String refund = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", order, "amount", "1.00",
                "reason", "goodwill")).text("id");
        String dispute = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", order,
                "reason", "fraudulent")).text("id");
        String incident = api.post("/v1/incidents", tenant.supportKey(), Map.of("title", "down", "scope", "full",
                "started_at", clock.instant().minus(Duration.ofMinutes(5)).toString())).text("id");
        assertThat(List.of(task, subscription, order, request, refund, dispute, incident)).doesNotContainNull();

        List<String> reads = List.of("/v1/accounts", "/v1/accounts/" + account,
                "/v1/accounts/" + account + "/balance", "/v1/accounts/" + account + "/credit-blocks",
                "/v1/accounts/" + account + "/entitlements", "/v1/accounts/" + account + "/ledger",
                "/v1/accounts/" + account + "/orders", "/v1/orders", "/v1/orders/" + order,
                "/v1/orders/" + order + "/refunds", "/v1/refunds", "/v1/refunds/" + refund,
                "/v1/tasks", "/v1/tasks/" + task, "/v1/subscriptions", "/v1/subscriptions/" + subscription,
                "/v1/refund-requests", "/v1/refund-requests/" + request,
                "/v1/refund-requests/" + request + "/proposals", "/v1/refund-requests/" + request + "/history",
                "/v1/refund-requests/" + request + "/evidence", "/v1/disputes", "/v1/disputes/" + dispute,
                "/v1/incidents", "/v1/incidents/" + incident, "/v1/incidents/unavailability?from=" + clock.instant().minus(Duration.ofDays(1)),
                "/v1/catalog/products", "/v1/catalog/products/pro", "/v1/policies", "/v1/outbox",
                "/v1/email-templates", "/v1/payment-settings", "/v1/outage-compensation");
        List<String> problems = new ArrayList<>();
        for (String path : reads) {
            Api.Response response = api.get(path, tenant.adminKey());
            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
            check(path, response.body(), true, problems);
        }
        for (String path : List.of("/v1/tenants", "/v1/tenants/" + tenant.id(), "/v1/tenants/" + tenant.id() + "/keys")) {
            check(path, api.get(path, OPERATOR_KEY).body(), true, problems);
        }
        assertThat(problems).isEmpty();
    }

    /** Walks {@code node}; {@code isObject}: a response or an item of a list, which must name its object. */
    private static void check(String where, JsonNode node, boolean isObject, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(where + "[" + i + "]", node.get(i), false, problems);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (isObject && !node.path("object").isString()) {
            problems.add(where + ": no object");
        }
        for (String name : node.propertyNames()) {
            JsonNode value = node.get(name);
            String path = where + "." + name;
            if ((name.equals("id") || name.endsWith("_id")) && !value.isNull() && !value.isString()) {
                problems.add(path + ": an id that is not a string: " + value);
            }
            boolean money = name.endsWith("amount") || AMOUNTS.contains(name) && node.has("currency");
            if (money && !value.isNull() && !value.isBoolean() && !value.isString()) {
                problems.add(path + ": an amount that is not a string: " + value);
            }
            if (name.equals("data") && value.isArray()) {
                value.forEach(item -> check(path + "[]", item, true, problems));
            } else if (!name.equals("metadata")) {
                check(path, value, false, problems);
            }
        }
    }
}
