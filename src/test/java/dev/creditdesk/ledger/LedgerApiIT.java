package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.ledger.internal.LedgerJobs;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class LedgerApiIT extends IntegrationTest {

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerJobs jobs;

    @Test
    void grantCreatesABlockAndAnEntry() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Api.Response block = api.post("/v1/credit-grants", tenant.secretKey(), Map.of("account_id", account,
                "credits", 250, "source", "gift", "reason", "birthday"));
        assertThat(block.status()).isEqualTo(201);
        assertThat(block.text("object")).isEqualTo("credit_block");
        assertThat(block.number("granted")).isEqualTo(250);
        assertThat(block.body().get("refundable").asBoolean()).isFalse();

        Api.Response balance = api.get("/v1/accounts/" + account + "/balance", tenant.secretKey());
        assertThat(balance.number("available")).isEqualTo(250);
        assertThat(balance.body().get("by_source").get("gift").get("available").asLong()).isEqualTo(250);
        JsonNode entries = api.get("/v1/accounts/" + account + "/ledger", tenant.secretKey()).body().get("data");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("type").asString()).isEqualTo("grant");
        assertThat(entries.get(0).get("reason").asString()).isEqualTo("birthday");
    }

    @Test
    void badGrantsNameTheFieldAndWriteNothing() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        List<Map<String, Object>> bad = List.of(
                Map.of("account_id", account, "credits", 0, "source", "bonus"),
                Map.of("account_id", account, "credits", -5, "source", "bonus"),
                Map.of("account_id", account, "credits", 100_000_001, "source", "bonus"),
                Map.of("account_id", account, "source", "bonus"),
                Map.of("account_id", account, "credits", "ten", "source", "bonus"),
                Map.of("account_id", account, "credits", 1.5, "source", "bonus"),
                Map.of("account_id", account, "credits", 10, "source", "purchase"),
                Map.of("account_id", account, "credits", 10),
                Map.of("credits", 10, "source", "bonus"),
                Map.of("account_id", account, "credits", 10, "source", "bonus", "expires_at", "2020-01-01T00:00:00Z"),
                Map.of("account_id", account, "credits", 10, "source", "bonus", "expires_at", "tomorrow"),
                Map.of("account_id", account, "credits", 10, "source", "bonus", "colour", "blue"));
        List<String> fields = List.of("credits", "credits", "credits", "credits", "credits", "credits", "source",
                "source", "account_id", "expires_at", "expires_at", "colour");
        for (int i = 0; i < bad.size(); i++) {
            Api.Response response = api.post("/v1/credit-grants", tenant.secretKey(), bad.get(i));
            assertThat(response.status()).as(bad.get(i).toString()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.errorField()).as(response.toString()).isEqualTo(fields.get(i));
        }
        assertThat(available(tenant, account)).isZero();
        assertThat(api.get("/v1/accounts/" + account + "/ledger", tenant.secretKey()).body().get("data")).isEmpty();
    }

    @Test
    void grantToUnknownOrForeignAccountIs404() {
        TestTenant tenant = newTenant();
        TestTenant other = newTenant();
        UUID foreign = newAccount(other);
        for (UUID account : List.of(UUID.randomUUID(), foreign)) {
            Api.Response response = api.post("/v1/credit-grants", tenant.secretKey(),
                    Map.of("account_id", account, "credits", 10, "source", "bonus"));
            assertThat(response.status()).isEqualTo(404);
        }
        assertThat(available(other, foreign)).isZero();
    }

    @Test
    void drawdownTakesSoonestExpiryThenNonRefundableThenOldest() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        Block refundable = block(ledger.grant(new Grant(tenant.id(), account, BlockSource.PURCHASE, 10, null,
                new BigDecimal("0.07475"), CurrencyUnit.USD, true, null, null)));
        Block oldBonus = block(ledger.grant(Grant.free(tenant.id(), account, BlockSource.BONUS, 10, null, null)));
        clock.advance(Duration.ofSeconds(1));
        Block newBonus = block(ledger.grant(Grant.free(tenant.id(), account, BlockSource.BONUS, 10, null, null)));
        Block expiring = block(ledger.grant(Grant.free(tenant.id(), account, BlockSource.PROMOTIONAL, 10,
                clock.instant().plus(Duration.ofDays(3)), null)));

        assertThat(drawOrder(tenant, account, 4)).containsExactly(expiring.id(), oldBonus.id(), newBonus.id(),
                refundable.id());
    }

    @Test
    void tenantsChooseTheirDrawdownOrder() {
        TestTenant tenant = newTenant(Map.of("drawdown_order", List.of("refundable_first", "newest_first")));
        UUID account = newAccount(tenant);
        Block oldBonus = block(ledger.grant(Grant.free(tenant.id(), account, BlockSource.BONUS, 10, null, null)));
        clock.advance(Duration.ofSeconds(1));
        Block newBonus = block(ledger.grant(Grant.free(tenant.id(), account, BlockSource.BONUS, 10, null, null)));
        Block refundable = block(ledger.grant(new Grant(tenant.id(), account, BlockSource.PURCHASE, 10, null,
                BigDecimal.ONE, CurrencyUnit.USD, true, null, null)));

        assertThat(drawOrder(tenant, account, 3)).containsExactly(refundable.id(), newBonus.id(), oldBonus.id());
    }

    @Test
    void aReservationSpanningBlocksTakesThemInOrder() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        String expiring = api.post("/v1/credit-grants", tenant.secretKey(), Map.of("account_id", account,
                "credits", 30, "source", "promotional", "expires_at", clock.instant().plus(Duration.ofDays(1)).toString()))
                .text("id");
        String lasting = grant(tenant, account, 100).text("id");
        assertThat(reserve(tenant, account, 50).status()).isEqualTo(201);
        Map<String, Long> held = new HashMap<>();
        for (JsonNode b : api.get("/v1/accounts/" + account + "/credit-blocks", tenant.secretKey()).body().get("data")) {
            held.put(b.get("id").asString(), b.get("held").asLong());
        }
        assertThat(held).containsEntry(expiring, 30L).containsEntry(lasting, 20L);
    }

    @Test
    void expiredBlocksStopCountingAtOnceAndTheJobRecordsTheirExpiry() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        api.post("/v1/credit-grants", tenant.secretKey(), Map.of("account_id", account, "credits", 40,
                "source", "promotional", "expires_at", clock.instant().plus(Duration.ofHours(1)).toString()));
        grant(tenant, account, 5);
        assertThat(available(tenant, account)).isEqualTo(45);

        clock.advance(Duration.ofHours(2));
        assertThat(available(tenant, account)).isEqualTo(5);
        Api.Response refused = reserve(tenant, account, 6);
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.number("available")).isEqualTo(5);

        assertThat(jobs.expireBlocks()).isGreaterThanOrEqualTo(40);
        JsonNode latest = api.get("/v1/accounts/" + account + "/ledger?limit=1", tenant.secretKey()).body().get("data").get(0);
        assertThat(latest.get("type").asString()).isEqualTo("expire");
        assertThat(latest.get("credits").asLong()).isEqualTo(40);
        jobs.expireBlocks(); // a second pass expires nothing more here
        assertThat(api.get("/v1/accounts/" + account + "/ledger?limit=1", tenant.secretKey()).body().get("data").get(0)
                .get("id").asString()).isEqualTo(latest.get("id").asString());
        assertThat(available(tenant, account)).isEqualTo(5);
    }

    @Test
    void ledgerPagesWithACursorNewestFirst() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        for (int i = 1; i <= 5; i++) {
            grant(tenant, account, i);
        }
        List<Long> seen = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/v1/accounts/" + account + "/ledger?limit=2"
                    + (cursor == null ? "" : "&starting_after=" + cursor), tenant.secretKey());
            assertThat(page.status()).isEqualTo(200);
            for (JsonNode entry : page.body().get("data")) {
                seen.add(entry.get("credits").asLong());
                ids.add(entry.get("id").asString());
            }
            cursor = page.body().get("has_more").asBoolean() ? page.text("next_cursor") : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(ids).hasSize(5);

        assertThat(api.get("/v1/accounts/" + account + "/ledger?limit=0", tenant.secretKey()).errorField()).isEqualTo("limit");
        assertThat(api.get("/v1/accounts/" + account + "/ledger?limit=101", tenant.secretKey()).errorField()).isEqualTo("limit");
        assertThat(api.get("/v1/accounts/" + account + "/ledger?limit=x", tenant.secretKey()).errorField()).isEqualTo("limit");
        assertThat(api.get("/v1/accounts/" + account + "/ledger?starting_after=abc", tenant.secretKey()).errorField())
                .isEqualTo("starting_after");
    }

    @Test
    void entriesCannotBeChangedOnceWritten() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        grant(tenant, account, 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                        "update ledger_entries set credits = 500 where tenant_id = :t").param("t", tenant.id()).update())
                .hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                        "delete from ledger_entries where tenant_id = :t").param("t", tenant.id()).update())
                .hasMessageContaining("append-only");
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private record Block(UUID id) {
    }

    private static Block block(CreditBlock block) {
        return new Block(block.id());
    }

    /** Reserves one credit at a time and answers which block each came from. */
    private List<UUID> drawOrder(TestTenant tenant, UUID account, int blocks) {
        List<UUID> order = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            Api.Response task = reserve(tenant, account, 10);
            assertThat(task.status()).as(task.toString()).isEqualTo(201);
            UUID hold = jdbc.sql("select hold_id from tasks where tenant_id = :t and id = :id")
                    .param("t", tenant.id()).param("id", UUID.fromString(task.text("id"))).query(UUID.class).single();
            order.add(jdbc.sql("select block_id from ledger_entries where tenant_id = :t and hold_id = :h")
                    .param("t", tenant.id()).param("h", hold).query(UUID.class).single());
        }
        return order;
    }
}
