package dev.creditdesk.billing.web;

import dev.creditdesk.billing.AccountCreditEntry;
import dev.creditdesk.billing.AccountCredits;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An account's credit in money (from account_credit remedies), and its history. */
@RestController
class AccountCreditController {

    private final AccountCredits credits;

    AccountCreditController(AccountCredits credits) {
        this.credits = credits;
    }

    record BalanceView(String amount, String currency) {
    }

    record AccountCreditView(String object, UUID accountId, List<BalanceView> balances) {
    }

    record EntryView(String object, UUID id, UUID accountId, String amount, String currency, String balanceAfter,
            String reason, String createdBy, Instant createdAt) {
        static EntryView of(AccountCreditEntry e) {
            return new EntryView("account_credit_entry", e.id(), e.accountId(), Amounts.format(e.amount()),
                    e.amount().getCurrencyUnit().getCode(), Amounts.format(e.balanceAfter()), e.reason(),
                    e.createdBy(), e.createdAt());
        }
    }

    @Operation(operationId = "getAccountCredit", summary = "Retrieve an account's credit in money",
            description = "Money on the account toward its next invoices, per currency (none: an empty list).")
    @GetMapping("/v1/accounts/{id}/account-credit")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    AccountCreditView get(Caller caller, @PathVariable String id) {
        UUID account = Ids.parseOrNotFound("account", id);
        return new AccountCreditView("account_credit", account, credits.balances(caller.tenantId(), account).stream()
                .map(m -> new BalanceView(Amounts.format(m), m.getCurrencyUnit().getCode())).toList());
    }

    @Operation(operationId = "listAccountCreditEntries", summary = "List an account's credit entries",
            description = "Newest first, by cursor.")
    @GetMapping("/v1/accounts/{id}/account-credit/entries")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<EntryView> entries(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        UUID account = Ids.parseOrNotFound("account", id);
        ListPage<AccountCreditEntry> page = credits.entries(caller.tenantId(), account, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(EntryView::of).toList(), page.hasMore(), page.nextCursor());
    }
}
