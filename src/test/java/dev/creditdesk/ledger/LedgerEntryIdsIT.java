package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Ledger entries are shown by opaque ids, never by the sequence number every tenant shares, and the
 * ledger's cursor is such an id of the same account's ledger.
 */
class LedgerEntryIdsIT extends IntegrationTest {

    private String latestEntry(TestTenant tenant, UUID account) {
        JsonNode entry = api.get("/v1/accounts/" + account + "/ledger?limit=1", tenant.secretKey()).body()
                .get("data").get(0);
        assertThat(entry.get("object").asString()).isEqualTo("ledger_entry");
        assertThat(entry.get("id").isString()).isTrue();
        return entry.get("id").asString();
    }

    @Test
    void entriesHaveOpaqueIdsThatTellNothingOfOtherTenants() {
        TestTenant a = newTenant();
        UUID ada = newAccount(a);
        grant(a, ada, 5);
        String first = latestEntry(a, ada);
        TestTenant b = newTenant();
        UUID bob = newAccount(b);
        grant(b, bob, 5);
        String theirs = latestEntry(b, bob);
        grant(a, ada, 5);
        String second = latestEntry(a, ada);

        for (String id : List.of(first, theirs, second)) {
            assertThat(id).doesNotContainPattern("^[0-9]+$");
            UUID.fromString(id);
        }
        assertThat(pageThrough("/v1/accounts/" + ada + "/ledger", 1, a.secretKey())).containsExactly(second, first);

        UUID adaSecond = newAccount(a);
        grant(a, adaSecond, 5);
        ListChecks.refusesCursors(api, "/v1/accounts/" + ada + "/ledger", a.secretKey(),
                List.of(theirs, latestEntry(a, adaSecond), "1", ada.toString()));
    }
}
