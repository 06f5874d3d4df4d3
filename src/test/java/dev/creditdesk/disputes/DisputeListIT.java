package dev.creditdesk.disputes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/disputes} pages past 100, newest first by (opened_at, id), with its filters. */
class DisputeListIT extends IntegrationTest {

    private TestTenant tenant;

    private String dispute(UUID account, int n, String openedAt) {
        Api.Response order = api.post("/v1/orders", tenant.secretKey(), Map.of("account_id", account,
                "order_number", "D-" + n, "credits", 10, "currency", "USD", "net", "1.00", "total", "1.00",
                "purchased_at", clock.instant().minus(Duration.ofDays(1)).toString(), "charge", Map.of("provider", "manual", "transaction_id", "txn-" + n)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        Api.Response dispute = api.post("/v1/disputes", tenant.supportKey(), Map.of("order_id", order.text("id"),
                "reason", "fraudulent", "opened_at", openedAt));
        assertThat(dispute.status()).as(dispute.toString()).isEqualTo(201);
        return dispute.text("id");
    }


    @Test
    void pagingReachesEveryDisputeExactlyOnceWithFiltersApplied() {
        tenant = newTenant();
        UUID first = newAccount(tenant);
        UUID second = newAccount(tenant);
        List<String> firsts = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        for (int i = 0; i < 104; i++) {
            // a few share an opening time, so the id breaks the tie
            String openedAt = clock.instant().minus(Duration.ofMinutes(i % 9)).toString();
            if (i % 3 == 0) {
                seconds.add(dispute(second, i, openedAt));
            } else {
                firsts.add(dispute(first, i, openedAt));
            }
        }

        List<String> all = pageThrough("/v1/disputes?status=open", 25, tenant.secretKey());
        assertThat(all).hasSize(104).doesNotHaveDuplicates();
        assertThat(all).containsExactlyInAnyOrderElementsOf(concat(firsts, seconds));
        assertThat(pageThrough("/v1/disputes?status=open", 100, tenant.secretKey())).containsExactlyElementsOf(all);
        assertThat(pageThrough("/v1/disputes?account_id=" + second, 10, tenant.secretKey()))
                .containsExactlyInAnyOrderElementsOf(seconds);
        assertThat(pageThrough("/v1/disputes?status=won&account_id=" + first, 10, tenant.secretKey())).isEmpty();

        Api.Response page = api.get("/v1/disputes", tenant.secretKey());
        assertThat(page.body().get("data")).hasSize(20);
        assertThat(page.body().get("has_more").asBoolean()).isTrue();
        List<String> opened = new ArrayList<>();
        page.body().get("data").forEach(d -> opened.add(d.get("opened_at").asString()));
        assertThat(opened).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
    }

    @Test
    void anotherTenantsDisputeIsNotACursor() {
        tenant = newTenant();
        String theirs = dispute(newAccount(tenant), 1, clock.instant().toString());
        tenant = newTenant();
        dispute(newAccount(tenant), 1, clock.instant().toString());
        for (String cursor : List.of(theirs, UUID.randomUUID().toString(), "not-an-id")) {
            Api.Response page = api.get("/v1/disputes?starting_after=" + cursor, tenant.secretKey());
            assertThat(page.status()).as(page.toString()).isEqualTo(400);
            assertThat(page.contentType()).startsWith("application/problem+json");
            assertThat(page.errorField()).isEqualTo("starting_after");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
