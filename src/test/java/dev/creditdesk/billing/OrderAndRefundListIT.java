package dev.creditdesk.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.billing.internal.RefundSubmitter;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/orders}, {@code /v1/accounts/{id}/orders}, {@code /v1/refunds} and {@code /v1/orders/{id}/refunds} page and filter. */
class OrderAndRefundListIT extends IntegrationTest {

    @Autowired
    RefundSubmitter submitter;

    private TestTenant tenant;
    private int serial;

    private String order(UUID account, Map<String, String> metadata) {
        String number = "O-" + (++serial);
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", number, "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "charge", Map.of("provider", "manual", "transaction_id", "t-" + UUID.randomUUID()),
                "metadata", metadata));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        if (serial % 5 == 0) {
            clock.advance(Duration.ofMillis(1));
        }
        return order.text("id");
    }

    /** Submits every refund due, so that the many made here never hold up other tests' submitter runs. */
    @AfterEach
    void submitAll() {
        while (submitter.run() > 0) {
            // until none is due
        }
    }

    private String refund(String orderId) {
        Api.Response refund = api.post("/v1/refunds", tenant.adminKey(), Map.of("order_id", orderId,
                "amount", "0.01", "reason", "goodwill"));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        return refund.text("id");
    }

    @Test
    void ordersPagePast100AndFilterByAccountAndOrderNumber() {
        tenant = newTenant();
        UUID ada = newAccount(tenant);
        UUID bob = newAccount(tenant);
        List<String> adas = new ArrayList<>();
        List<String> bobs = new ArrayList<>();
        for (int i = 0; i < 104; i++) {
            if (i % 3 == 0) {
                bobs.add(order(bob, Map.of()));
            } else {
                adas.add(order(ada, Map.of("cart", "c-" + i)));
            }
        }
        List<String> all = pageThrough("/v1/orders", 100, tenant.supportKey());
        assertThat(all).hasSize(104).doesNotHaveDuplicates();
        assertThat(all).containsExactlyInAnyOrderElementsOf(concat(adas, bobs));
        assertThat(pageThrough("/v1/orders", 9, tenant.secretKey())).containsExactlyElementsOf(all);
        ListChecks.newestFirst(api, "/v1/orders", tenant.secretKey(), "created_at");

        List<String> adasListed = pageThrough("/v1/orders?account_id=" + ada, 50, tenant.secretKey());
        assertThat(adasListed).containsExactlyInAnyOrderElementsOf(adas);
        assertThat(pageThrough("/v1/accounts/" + ada + "/orders", 25, tenant.secretKey()))
                .containsExactlyElementsOf(adasListed);
        assertThat(pageThrough("/v1/orders?account_id=" + bob, 100, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(bobs);
        assertThat(pageThrough("/v1/orders?order_number=O-2", 10, tenant.secretKey())).containsExactly(adas.get(0));
        assertThat(pageThrough("/v1/orders?order_number=O-2&account_id=" + bob, 10, tenant.secretKey())).isEmpty();

        JsonNode listed = api.get("/v1/orders?order_number=O-2", tenant.secretKey()).body().get("data").get(0);
        assertThat(listed.get("metadata").get("cart").asString()).isEqualTo("c-1");
        assertThat(listed.get("object").asString()).isEqualTo("order");
        assertThat(listed.get("charges").get(0).get("object").asString()).isEqualTo("charge");
        assertThat(api.get("/v1/orders/" + adas.get(0), tenant.secretKey()).body().get("metadata").get("cart")
                .asString()).isEqualTo("c-1");
    }

    @Test
    void refundsPagePast100AndFilterByOrderAndAccount() {
        tenant = newTenant();
        UUID ada = newAccount(tenant);
        UUID bob = newAccount(tenant);
        String adasOrder = order(ada, Map.of());
        String bobsOrder = order(bob, Map.of());
        List<String> onAdas = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            onAdas.add(refund(adasOrder));
        }
        List<String> onBobs = List.of(refund(bobsOrder), refund(bobsOrder));

        List<String> all = pageThrough("/v1/refunds", 100, tenant.supportKey());
        assertThat(all).hasSize(103).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(concat(onAdas, onBobs));
        assertThat(pageThrough("/v1/refunds", 13, tenant.secretKey())).containsExactlyElementsOf(all);
        ListChecks.newestFirst(api, "/v1/refunds", tenant.secretKey(), "created_at");
        assertThat(pageThrough("/v1/refunds?order_id=" + adasOrder, 100, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(onAdas);
        assertThat(pageThrough("/v1/orders/" + adasOrder + "/refunds", 100, tenant.secretKey()))
                .containsExactlyElementsOf(pageThrough("/v1/refunds?order_id=" + adasOrder, 100, tenant.secretKey()));
        assertThat(pageThrough("/v1/refunds?account_id=" + bob, 1, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(onBobs);
        assertThat(pageThrough("/v1/refunds?account_id=" + bob + "&order_id=" + adasOrder, 10, tenant.secretKey()))
                .isEmpty();
        JsonNode refund = api.get("/v1/refunds?account_id=" + bob, tenant.secretKey()).body().get("data").get(0);
        assertThat(refund.get("object").asString()).isEqualTo("refund");
        assertThat(refund.get("amount").isString()).as("amounts are strings").isTrue();
    }

    @Test
    void cursorsOfAnotherTenantOrAnotherListAreRefused() {
        tenant = newTenant();
        String theirOrder = order(newAccount(tenant), Map.of());
        String theirRefund = refund(theirOrder);
        tenant = newTenant();
        UUID account = newAccount(tenant);
        String order = order(account, Map.of());
        String refund = refund(order);
        ListChecks.refusesCursors(api, "/v1/orders", tenant.secretKey(),
                List.of(theirOrder, refund, account.toString(), "O-1"));
        UUID otherAccount = newAccount(tenant);
        clock.advance(Duration.ofMillis(1));
        String othersOrder = order(otherAccount, Map.of());
        String othersRefund = refund(othersOrder);
        ListChecks.refusesCursors(api, "/v1/accounts/" + account + "/orders", tenant.secretKey(),
                List.of(theirOrder, refund, othersOrder));
        ListChecks.refusesCursors(api, "/v1/orders?account_id=" + account, tenant.secretKey(), List.of(othersOrder));
        assertThat(pageThrough("/v1/orders?starting_after=" + othersOrder, 10, tenant.secretKey()))
                .as("any order of the tenant is a cursor of the unfiltered list").containsExactly(order);
        ListChecks.refusesCursors(api, "/v1/refunds", tenant.secretKey(), List.of(theirRefund, order, "1"));
        ListChecks.refusesCursors(api, "/v1/orders/" + order + "/refunds", tenant.secretKey(),
                List.of(theirRefund, othersRefund));
        assertThat(api.get("/v1/orders/" + theirOrder + "/refunds", tenant.secretKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/accounts/" + UUID.randomUUID() + "/orders", tenant.secretKey()).status())
                .isEqualTo(404);
    }

    @Test
    void orderMetadataIsHeldToItsLimits() {
        tenant = newTenant();
        UUID account = newAccount(tenant);
        Api.Response refused = api.unvalidatedRequest().post("/v1/orders", tenant.secretKey(),
                Map.of("account_id", account, "order_number", "M-1", "credits", 100, "currency", "USD", "net", "9.90",
                        "total", "9.90", "charge", Map.of("provider", "manual", "transaction_id", "t-m"),
                        "metadata", Map.of("note", "x".repeat(501))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.errorField()).isEqualTo("metadata.note");
        assertThat(pageThrough("/v1/orders?account_id=" + account, 10, tenant.secretKey())).isEmpty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
