package dev.creditdesk.accounts.web;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Entitlement;
import dev.creditdesk.accounts.Entitlements;
import dev.creditdesk.accounts.Suspension;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccountController {

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    record CreateAccountBody(String externalId, String email, Map<String, String> metadata) {
    }

    /** What an update may change; a field left out is kept. */
    record UpdateAccountBody(String email, Map<String, String> metadata) {
    }

    record SuspendBody(String entitlement, String reason) {
    }

    record LiftBody(String reason) {
    }

    record AccountView(String object, UUID id, String externalId, String email, Map<String, String> metadata,
            Instant createdAt, Instant updatedAt) {
        static AccountView of(Account a) {
            return new AccountView("account", a.id(), a.externalId(), a.email(), a.metadata(), a.createdAt(),
                    a.updatedAt());
        }
    }

    record SuspensionView(String object, UUID id, UUID accountId, String entitlement, String reason, String source,
            String sourceId, String createdBy, Instant createdAt, Instant liftedAt, String liftedBy,
            String liftReason) {
        static SuspensionView of(Suspension s) {
            return new SuspensionView("suspension", s.id(), s.accountId(), s.entitlement().wireName(), s.reason(),
                    s.source(), s.sourceId(), s.createdBy(), s.createdAt(), s.liftedAt(), s.liftedBy(),
                    s.liftReason());
        }
    }

    record EntitlementsView(String object, UUID accountId, boolean generate, boolean download, boolean access,
            List<SuspensionView> suspensions) {
        static EntitlementsView of(Entitlements e) {
            return new EntitlementsView("entitlements", e.accountId(), e.generate(), e.download(), e.access(),
                    e.suspensions().stream().map(SuspensionView::of).toList());
        }
    }

    @PostMapping("/v1/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    AccountView create(Caller caller, @RequestBody CreateAccountBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String externalId = Fields.requiredText(body.externalId(), "external_id", Fields.MAX_TEXT, errors);
        String email = Fields.requiredEmail(body.email(), "email", errors);
        SortedMap<String, String> metadata = Metadata.created(body.metadata(), errors);
        Fields.throwIfAny(errors);
        return AccountView.of(accounts.create(caller.tenantId(), externalId, email, metadata));
    }

    /**
     * Changes the email and metadata (keys given "" are removed, keys not named kept). The
     * external id is the product's own key for the account and does not change.
     */
    @PostMapping("/v1/accounts/{id}")
    @Allow({Role.SECRET, Role.ADMIN})
    AccountView update(Caller caller, @PathVariable String id, @RequestBody UpdateAccountBody body) {
        UUID accountId = Ids.parseOrNotFound("account", id);
        List<FieldProblem> errors = new ArrayList<>();
        String email = body.email() == null ? null : Fields.requiredEmail(body.email(), "email", errors);
        Metadata.created(body.metadata(), errors);
        Fields.throwIfAny(errors);
        return AccountView.of(accounts.update(caller.tenantId(), accountId, email, body.metadata(), caller.actor()));
    }

    @GetMapping("/v1/accounts/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    AccountView get(Caller caller, @PathVariable String id) {
        return AccountView.of(accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id)));
    }

    /**
     * The tenant's accounts, newest first; {@code email} (exact, any case) and {@code external_id}
     * (the product's own user id) look accounts up.
     */
    @GetMapping("/v1/accounts")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<AccountView> list(Caller caller, @RequestParam(name = "email", required = false) String email,
            @RequestParam(name = "external_id", required = false) String externalId,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<Account> page = accounts.page(caller.tenantId(), email == null ? null : email.trim(), externalId,
                startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(AccountView::of).toList(), page.hasMore(), page.nextCursor());
    }

    @GetMapping("/v1/accounts/{id}/entitlements")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    EntitlementsView entitlements(Caller caller, @PathVariable String id) {
        Account account = accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id));
        return EntitlementsView.of(accounts.entitlements(caller.tenantId(), account.id()));
    }

    @PostMapping("/v1/accounts/{id}/suspensions")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SUPPORT, Role.ADMIN})
    SuspensionView suspend(Caller caller, @PathVariable String id, @RequestBody SuspendBody body) {
        UUID accountId = Ids.parseOrNotFound("account", id);
        List<FieldProblem> errors = new ArrayList<>();
        Entitlement entitlement = Entitlement.fromWire(body.entitlement());
        if (entitlement == null) {
            errors.add(new FieldProblem("entitlement", "must be one of generate, download, access"));
        }
        String reason = Fields.requiredText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        return SuspensionView.of(accounts.suspend(caller.tenantId(), accountId, entitlement, reason, "manual", null,
                caller.actor()));
    }

    @PostMapping("/v1/accounts/{id}/suspensions/{suspensionId}/lift")
    @Allow({Role.SUPPORT, Role.ADMIN})
    SuspensionView lift(Caller caller, @PathVariable String id, @PathVariable String suspensionId,
            @RequestBody LiftBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String reason = Fields.requiredText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        return SuspensionView.of(accounts.lift(caller.tenantId(), Ids.parseOrNotFound("account", id),
                Ids.parseOrNotFound("suspension", suspensionId), reason, caller.actor()));
    }
}
