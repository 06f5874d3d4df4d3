package dev.creditdesk.accounts.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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

    record CreateAccountBody(@Schema(requiredMode = REQUIRED) String externalId,
            @Schema(requiredMode = REQUIRED) String email, Map<String, String> metadata,
            @Schema(description = COUNTRY, example = "DE") String country) {
    }

    /** What an update may change; a field left out is kept. */
    record UpdateAccountBody(String email, Map<String, String> metadata,
            @Schema(description = COUNTRY + "; \"\" makes it unknown again", example = "DE") String country) {
    }

    private static final String COUNTRY = "The customer's country, ISO 3166-1 alpha-2 in capitals (policies read it "
            + "as account.country)";

    record SuspendBody(@Schema(implementation = Entitlement.class, requiredMode = REQUIRED) String entitlement,
            @Schema(requiredMode = REQUIRED) String reason) {
    }

    record LiftBody(@Schema(requiredMode = REQUIRED) String reason) {
    }

    record AccountView(String object, UUID id, String externalId, String email, @Nullable String country,
            Map<String, String> metadata, Instant createdAt, @Nullable Instant updatedAt) {
        static AccountView of(Account a) {
            return new AccountView("account", a.id(), a.externalId(), a.email(), a.country(), a.metadata(),
                    a.createdAt(), a.updatedAt());
        }
    }

    record SuspensionView(String object, UUID id, UUID accountId,
            @Schema(implementation = Entitlement.class) String entitlement, String reason, String source,
            @Nullable String sourceId, String createdBy, Instant createdAt, @Nullable Instant liftedAt,
            @Nullable String liftedBy, @Nullable String liftReason) {
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

    @Operation(operationId = "createAccount", summary = "Create an account",
            description = "An account is one customer of the product, known by your external id and email.")
    @PostMapping("/v1/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    AccountView create(Caller caller, @RequestBody CreateAccountBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String externalId = Fields.requiredText(body.externalId(), "external_id", Fields.MAX_TEXT, errors);
        String email = Fields.requiredEmail(body.email(), "email", errors);
        SortedMap<String, String> metadata = Metadata.created(body.metadata(), errors);
        checkCountry(body.country(), false, errors);
        Fields.throwIfAny(errors);
        return AccountView.of(accounts.create(caller.tenantId(), externalId, email, metadata, body.country()));
    }

    /**
     * Changes the email and metadata (keys given "" are removed, keys not named kept). The
     * external id is the product's own key for the account and does not change.
     */
    @Operation(operationId = "updateAccount", summary = "Update an account",
            description = "Changes the email, country and metadata; a field left out is kept, a metadata key given \"\" is removed.")
    @PostMapping("/v1/accounts/{id}")
    @Allow({Role.SECRET, Role.ADMIN})
    AccountView update(Caller caller, @PathVariable String id, @RequestBody UpdateAccountBody body) {
        UUID accountId = Ids.parseOrNotFound("account", id);
        List<FieldProblem> errors = new ArrayList<>();
        String email = body.email() == null ? null : Fields.requiredEmail(body.email(), "email", errors);
        Metadata.created(body.metadata(), errors);
        checkCountry(body.country(), true, errors);
        Fields.throwIfAny(errors);
        return AccountView.of(accounts.update(caller.tenantId(), accountId, email, body.metadata(), body.country(),
                caller.actor()));
    }

    private static void checkCountry(String country, boolean emptyClears, List<FieldProblem> errors) {
        if (country != null && !(emptyClears && country.isEmpty()) && !Account.isCountry(country)) {
            errors.add(new FieldProblem("country", "must be an ISO 3166-1 alpha-2 country code in capitals, such as DE"
                    + (emptyClears ? " (or \"\" for unknown)" : "")));
        }
    }

    @Operation(operationId = "getAccount", summary = "Retrieve an account")
    @GetMapping("/v1/accounts/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    AccountView get(Caller caller, @PathVariable String id) {
        return AccountView.of(accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id)));
    }

    /**
     * The tenant's accounts, newest first; {@code email} (exact, any case) and {@code external_id}
     * (the product's own user id) look accounts up.
     */
    @Operation(operationId = "listAccounts", summary = "List accounts",
            description = "Newest first. `email` (exact, any case) and `external_id` look accounts up.")
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

    @Operation(operationId = "getAccountEntitlements", summary = "Retrieve an account's entitlements",
            description = "What the account may use now, and which suspensions hold it back.")
    @GetMapping("/v1/accounts/{id}/entitlements")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    EntitlementsView entitlements(Caller caller, @PathVariable String id) {
        Account account = accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id));
        return EntitlementsView.of(accounts.entitlements(caller.tenantId(), account.id()));
    }

    @Operation(operationId = "suspendAccount", summary = "Suspend an account's credits or entitlements")
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

    @Operation(operationId = "liftSuspension", summary = "Lift a suspension")
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
