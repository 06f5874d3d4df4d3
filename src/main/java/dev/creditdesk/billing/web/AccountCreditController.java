package dev.creditdesk.billing.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.billing.AccountCreditEntry;
import dev.creditdesk.billing.AccountCredits;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An account's credit in money (from account_credit remedies), its use on invoices, and its history. */
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

    record UseBody(@Schema(requiredMode = REQUIRED, example = "10.00") String amount,
            @Schema(requiredMode = REQUIRED, example = "USD") String currency,
            @Schema(requiredMode = REQUIRED, example = "invoice INV-2026-0042") String reason) {
    }

    /** The product took account credit off an invoice it charged: the balance goes down by it. */
    @ErrorAnswer(status = 409, when = "The account has less credit than that in the currency")
    @Operation(operationId = "useAccountCredit", summary = "Use an account's credit",
            description = "Records that the product took this much of the account's credit off an invoice.")
    @PostMapping("/v1/accounts/{id}/account-credit/use")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    EntryView use(Caller caller, @PathVariable String id, @RequestBody UseBody body) {
        UUID account = Ids.parseOrNotFound("account", id);
        List<FieldProblem> errors = new ArrayList<>();
        CurrencyUnit currency = Amounts.currency(body.currency(), "currency", errors);
        Money amount = Amounts.amount(body.amount(), currency, "amount", true, errors);
        if (amount != null && amount.isZero()) {
            errors.add(new FieldProblem("amount", "must be more than zero"));
        }
        String reason = Fields.requiredText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        return EntryView.of(credits.use(caller.tenantId(), account, amount, reason, caller.actor()));
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
