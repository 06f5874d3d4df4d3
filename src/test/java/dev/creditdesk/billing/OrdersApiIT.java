package dev.creditdesk.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrdersApiIT extends IntegrationTest {

    private void package400(TestTenant tenant) {
        Api.Response product = api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "credits-400",
                "kind", "package", "name", "400 credits", "currency", "USD", "price", "29.90", "credits", 400,
                "bonus_credits", 40));
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
    }

    private Map<String, Object> order(UUID account, String number) {
        Map<String, Object> body = new HashMap<>();
        body.put("account_id", account);
        body.put("order_number", number);
        body.put("product_id", "credits-400");
        body.put("currency", "USD");
        body.put("net", "27.18");
        body.put("tax", "2.72");
        body.put("fee", "0.00");
        body.put("total", "29.90");
        body.put("charge", Map.of("provider", "manual", "transaction_id", "txn-" + number));
        return body;
    }

    @Test
    void aCatalogPurchaseDeliversARefundablePurchasedBlockAndASeparateBonusBlock() {
        TestTenant tenant = newTenant();
        package400(tenant);
        UUID account = newAccount(tenant);
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), order(account, "A-1001"));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.text("status")).isEqualTo("delivered");
        assertThat(order.number("credits")).isEqualTo(400);
        assertThat(order.number("bonus_credits")).isEqualTo(40);
        assertThat(order.text("total")).isEqualTo("29.90");
        assertThat(order.body().get("charges")).hasSize(1);

        JsonNode blocks = api.get("/v1/accounts/" + account + "/credit-blocks", tenant.secretKey()).body().get("data");
        assertThat(blocks).hasSize(2);
        JsonNode purchased = blocks.get(0).get("source").asString().equals("purchase") ? blocks.get(0) : blocks.get(1);
        JsonNode bonus = purchased == blocks.get(0) ? blocks.get(1) : blocks.get(0);
        assertThat(purchased.get("granted").asLong()).isEqualTo(400);
        assertThat(purchased.get("refundable").asBoolean()).isTrue();
        assertThat(purchased.get("unit_cost").isString()).as("amounts are strings").isTrue();
        assertThat(purchased.get("unit_cost").asString()).isEqualTo("0.06795"); // 27.18 / 400
        assertThat(purchased.get("order_id").asString()).isEqualTo(order.text("id"));
        assertThat(bonus.get("source").asString()).isEqualTo("bonus");
        assertThat(bonus.get("granted").asLong()).isEqualTo(40);
        assertThat(bonus.get("refundable").asBoolean()).isFalse();
        assertThat(available(tenant, account)).isEqualTo(440);

        assertThat(api.get("/v1/orders?order_number=A-1001", tenant.supportKey()).body().get("data").get(0)
                .get("id").asString()).isEqualTo(order.text("id"));
        assertThat(api.get("/v1/accounts/" + account + "/orders", tenant.supportKey()).body().get("data")).hasSize(1);
    }

    @Test
    void importedOrdersStateTheirOwnCreditsAndMayBeInThePast() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Map<String, Object> body = new HashMap<>(Map.of("account_id", account, "order_number", "OLD-1",
                "credits", 1000, "bonus_credits", 0, "currency", "USD", "net", "50.00", "total", "50.00",
                "purchased_at", "2025-12-24T18:00:00Z",
                "charge", Map.of("provider", "stripe", "transaction_id", "pi_old_1")));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), body);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.text("kind")).isEqualTo("custom");
        assertThat(order.text("purchased_at")).isEqualTo("2025-12-24T18:00:00Z");
        assertThat(available(tenant, account)).isEqualTo(1000);
    }

    @Test
    void aSecondChargeForAnOrderIsRecordedAndFlaggedAsDuplicate() {
        TestTenant tenant = newTenant();
        package400(tenant);
        UUID account = newAccount(tenant);
        String id = api.post("/v1/orders", tenant.secretKey(), order(account, "A-1")).text("id");
        Api.Response again = api.post("/v1/orders/" + id + "/charges", tenant.secretKey(),
                Map.of("provider", "manual", "transaction_id", "txn-A-1-again"));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.number("duplicate_charges")).isEqualTo(1);
        assertThat(again.body().get("charges").get(1).get("duplicate").asBoolean()).isTrue();
        // the same transaction again is a no-op, not a third charge
        api.post("/v1/orders/" + id + "/charges", tenant.secretKey(), Map.of("provider", "manual", "transaction_id", "txn-A-1-again"));
        assertThat(api.get("/v1/orders/" + id, tenant.secretKey()).body().get("charges")).hasSize(2);
        assertThat(available(tenant, account)).isEqualTo(440);
    }

    @Test
    void anOrderForAnAccountWithoutAccessStaysUndeliveredUntilDelivered() {
        TestTenant tenant = newTenant();
        package400(tenant);
        UUID account = newAccount(tenant);
        String suspension = api.post("/v1/accounts/" + account + "/suspensions", tenant.supportKey(),
                Map.of("entitlement", "access", "reason", "fraud check")).text("id");
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), order(account, "U-1"));
        assertThat(order.status()).isEqualTo(201);
        assertThat(order.text("status")).isEqualTo("undelivered");
        assertThat(order.body().get("delivered").asBoolean()).isFalse();
        assertThat(order.text("undelivered_reason")).contains("suspended");
        assertThat(available(tenant, account)).isZero();
        assertThat(api.post("/v1/orders/" + order.text("id") + "/deliver", tenant.secretKey(), null).status()).isEqualTo(409);

        api.post("/v1/accounts/" + account + "/suspensions/" + suspension + "/lift", tenant.supportKey(), Map.of("reason", "ok"));
        Api.Response delivered = api.post("/v1/orders/" + order.text("id") + "/deliver", tenant.secretKey(), null);
        assertThat(delivered.text("status")).isEqualTo("delivered");
        assertThat(available(tenant, account)).isEqualTo(440);
        assertThat(api.post("/v1/orders/" + order.text("id") + "/deliver", tenant.secretKey(), null).status()).isEqualTo(409);
    }

    @Test
    void badOrdersAreRejectedAndNothingIsHalfWritten() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        TestTenant tenant = newTenant();
        package400(tenant);
        UUID account = newAccount(tenant);
        record Case(String field, Object value, int status, String named) {
        }
        List<Case> cases = List.of(
                new Case("product_id", "credits-9000", 422, "product_id"),
                new Case("currency", "EUR", 422, "currency"),
                new Case("currency", "XYZ", 400, "currency"),
                new Case("total", "30.00", 400, "total"),
                new Case("net", "-1.00", 400, "net"),
                new Case("tax", "2.725", 400, "tax"),
                new Case("net", 27.18, 400, "net"),
                new Case("purchased_at", "2099-01-01T00:00:00Z", 400, "purchased_at"),
                new Case("charge", Map.of("provider", "paypal", "transaction_id", "x"), 400, "charge.provider"),
                new Case("charge", null, 400, "charge"),
                new Case("order_number", "", 400, "order_number"),
                new Case("credits", 400, 400, "credits"));
        for (Case c : cases) {
            Map<String, Object> body = order(account, "B-" + c.field());
            body.put(c.field(), c.value());
            Api.Response response = api.post("/v1/orders", tenant.secretKey(), body);
            assertThat(response.status()).as(c + " → " + response).isEqualTo(c.status());
            assertThat(response.errorField()).as(c + " → " + response).isEqualTo(c.named());
        }
        assertThat(api.get("/v1/accounts/" + account + "/orders", tenant.secretKey()).body().get("data")).isEmpty();
        assertThat(available(tenant, account)).isZero();
    }

    @Test
    void duplicateOrderNumbersAndReusedTransactionsAre409() {
        TestTenant tenant = newTenant();
        package400(tenant);
        UUID account = newAccount(tenant);
        api.post("/v1/orders", tenant.secretKey(), order(account, "D-1"));
        Api.Response sameNumber = api.post("/v1/orders", tenant.secretKey(), order(account, "D-1"));
        assertThat(sameNumber.status()).isEqualTo(409);
        assertThat(sameNumber.text("field")).isEqualTo("order_number");
        Map<String, Object> sameTransaction = order(account, "D-2");
        sameTransaction.put("charge", Map.of("provider", "manual", "transaction_id", "txn-D-1"));
        assertThat(api.post("/v1/orders", tenant.secretKey(), sameTransaction).status()).isEqualTo(409);
        assertThat(available(tenant, account)).isEqualTo(440);
    }

    @Test
    void catalogProductsAreValidatedAndUnique() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        TestTenant tenant = newTenant();
        package400(tenant);
        Api.Response again = api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "credits-400",
                "kind", "package", "name", "x", "currency", "USD", "price", "1.00", "credits", 1));
        assertThat(again.status()).isEqualTo(409);
        Api.Response bad = api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", "p", "kind", "bundle",
                "name", "x", "currency", "USD", "price", "0", "credits", 0));
        assertThat(bad.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("kind", "price", "credits");
        assertThat(api.post("/v1/catalog/products", tenant.secretKey(), Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/v1/catalog/products", tenant.secretKey()).body().get("data")).hasSize(1);
    }

    @Test
    void anotherTenantsOrderIsNotFound() {
        TestTenant tenant = newTenant();
        package400(tenant);
        UUID account = newAccount(tenant);
        String id = api.post("/v1/orders", tenant.secretKey(), order(account, "X-1")).text("id");
        TestTenant other = newTenant();
        assertThat(api.get("/v1/orders/" + id, other.secretKey()).status()).isEqualTo(404);
        assertThat(api.post("/v1/orders/" + id + "/charges", other.secretKey(),
                Map.of("provider", "manual", "transaction_id", "t")).status()).isEqualTo(404);
    }
}
