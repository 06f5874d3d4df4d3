package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.ListChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An account's credit blocks page past 100, newest first; the cursor is a block of the same account. */
class CreditBlockListIT extends IntegrationTest {

    @Test
    void creditBlocksPagePast100AndRefuseForeignCursors() {
        TestTenant tenant = newTenant();
        UUID account = newAccount(tenant);
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            granted.add(grant(tenant, account, 1).text("id"));
        }
        UUID other = newAccount(tenant);
        String othersBlock = grant(tenant, other, 1).text("id");
        List<String> all = pageThrough("/v1/accounts/" + account + "/credit-blocks", 100, tenant.secretKey());
        assertThat(all).hasSize(101).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(granted);
        assertThat(pageThrough("/v1/accounts/" + account + "/credit-blocks", 6, tenant.supportKey()))
                .containsExactlyElementsOf(all);
        ListChecks.newestFirst(api, "/v1/accounts/" + account + "/credit-blocks", tenant.secretKey(), "created_at");

        TestTenant another = newTenant();
        UUID theirAccount = newAccount(another);
        ListChecks.refusesCursors(api, "/v1/accounts/" + account + "/credit-blocks", tenant.secretKey(),
                List.of(othersBlock, grant(another, theirAccount, 1).text("id"), account.toString(), "x"));
    }
}
