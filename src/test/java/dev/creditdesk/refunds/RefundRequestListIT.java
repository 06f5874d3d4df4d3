package dev.creditdesk.refunds;

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

/** {@code GET /v1/refund-requests} pages past 100 and filters by account. */
class RefundRequestListIT extends IntegrationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private TestTenant tenant;

    /** Files one request (in review under case-review) about a new order of {@code account}. */
    private String file(UUID account, String email, int n) {
        Instant purchasedAt = clock.instant().minus(Duration.ofDays(1));
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "L-" + n, "credits", 100, "currency", "USD", "net", "9.90", "total", "9.90",
                "purchased_at", purchasedAt.toString(), "charge", Map.of("provider", "manual", "transaction_id", "t-" + n)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        Api.Response request = api.post("/v1/refund-requests", tenant.secretKey(), Map.of("email", email,
                "order_number", "L-" + n, "purchase_date", purchasedAt.atZone(NEW_YORK).toLocalDate().toString(),
                "category", "billing_error", "reason", "charged twice"));
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        return request.text("id");
    }

    private UUID account(String email) {
        return UUID.fromString(api.post("/v1/accounts", tenant.secretKey(),
                Map.of("external_id", "u-" + UUID.randomUUID(), "email", email)).text("id"));
    }


    @Test
    void pagingReachesEveryRequestExactlyOnceNewestFirstAndFiltersByAccount() {
        tenant = newTenant("case-review", Map.of());
        UUID ada = account("ada@example.com");
        UUID bob = account("bob@example.com");
        List<String> adas = new ArrayList<>();
        List<String> bobs = new ArrayList<>();
        for (int i = 0; i < 106; i++) {
            if (i % 4 == 0) {
                bobs.add(file(bob, "bob@example.com", i));
            } else {
                adas.add(file(ada, "ada@example.com", i));
            }
            if (i % 3 == 0) {
                clock.advance(Duration.ofSeconds(1)); // some share received_at, so the id breaks the tie
            }
        }

        List<String> all = pageThrough("/v1/refund-requests?status=in_review", 20, tenant.supportKey());
        assertThat(all).hasSize(106).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(concat(adas, bobs));
        List<String> oneBigPage = pageThrough("/v1/refund-requests?status=in_review", 100, tenant.supportKey());
        assertThat(oneBigPage).containsExactlyElementsOf(all);
        Api.Response first = api.get("/v1/refund-requests", tenant.supportKey());
        assertThat(first.body().get("data")).hasSize(20);
        assertThat(first.body().get("has_more").asBoolean()).isTrue();
        assertThat(first.body().get("data").get(0).get("id").asString()).isEqualTo(all.get(0));
        List<Instant> received = new ArrayList<>();
        first.body().get("data").forEach(r -> received.add(Instant.parse(r.get("received_at").asString())));
        assertThat(received).isSortedAccordingTo((a, b) -> b.compareTo(a));

        assertThat(pageThrough("/v1/refund-requests?account_id=" + bob, 7, tenant.supportKey()))
                .containsExactlyInAnyOrderElementsOf(bobs);
        assertThat(pageThrough("/v1/refund-requests?status=in_review&account_id=" + ada, 30, tenant.supportKey()))
                .containsExactlyInAnyOrderElementsOf(adas);
        assertThat(pageThrough("/v1/refund-requests?status=approved&account_id=" + ada, 30, tenant.supportKey()))
                .isEmpty();
    }

    @Test
    void aCursorFromAnotherTenantOrNotAnIdIsRefusedNamingStartingAfter() {
        tenant = newTenant("case-review", Map.of());
        String theirs = file(account("ada@example.com"), "ada@example.com", 1);
        tenant = newTenant("case-review", Map.of());
        file(account("ada@example.com"), "ada@example.com", 1);
        for (String cursor : List.of(theirs, UUID.randomUUID().toString(), "42")) {
            Api.Response page = api.get("/v1/refund-requests?starting_after=" + cursor, tenant.supportKey());
            assertThat(page.status()).as(page.toString()).isEqualTo(400);
            assertThat(page.contentType()).startsWith("application/problem+json");
            assertThat(page.errorField()).isEqualTo("starting_after");
        }
        assertThat(api.get("/v1/refund-requests?limit=101", tenant.supportKey()).errorField()).isEqualTo("limit");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
