package dev.creditdesk.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/catalog/products} pages past 100, newest first; the cursor is a product id of the tenant. */
class ProductListIT extends IntegrationTest {

    @Test
    void productsPagePast100NewestFirst() {
        TestTenant tenant = newTenant();
        List<String> defined = new ArrayList<>();
        for (int i = 0; i < 102; i++) {
            String id = "pack-" + i;
            Api.Response product = api.post("/v1/catalog/products", tenant.adminKey(), Map.of("id", id,
                    "kind", i % 2 == 0 ? "package" : "plan", "name", "Pack " + i, "currency", "USD", "price", "9.90",
                    "credits", 100));
            assertThat(product.status()).as(product.toString()).isEqualTo(201);
            defined.add(id);
            if (i % 3 == 0) {
                clock.advance(Duration.ofMillis(1)); // some share created_at, so the id breaks the tie
            }
        }
        List<String> all = pageThrough("/v1/catalog/products", 100, tenant.secretKey());
        assertThat(all).hasSize(102).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(defined);
        assertThat(pageThrough("/v1/catalog/products", 8, tenant.supportKey())).containsExactlyElementsOf(all);
        assertThat(all.get(0)).isEqualTo("pack-101");
        ListChecks.newestFirst(api, "/v1/catalog/products", tenant.secretKey(), "created_at");

        TestTenant other = newTenant();
        ListChecks.refusesCursors(api, "/v1/catalog/products", other.secretKey(), List.of("pack-1", "nothing"));
    }
}
