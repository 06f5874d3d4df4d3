package dev.creditdesk.ledger.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.ledger.Balance;
import dev.creditdesk.ledger.BlockSource;
import dev.creditdesk.ledger.CreditBlock;
import dev.creditdesk.ledger.EntryType;
import dev.creditdesk.ledger.Grant;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.LedgerEntry;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
class LedgerController {

    /** Sources a grant over the API may use; purchased and subscription credits come with orders. */
    static final Set<BlockSource> GRANTABLE = EnumSet.of(BlockSource.BONUS, BlockSource.PROMOTIONAL,
            BlockSource.GIFT, BlockSource.REPLACEMENT, BlockSource.COMPENSATION);

    private final Ledger ledger;
    private final Accounts accounts;
    private final Clock clock;

    LedgerController(Ledger ledger, Accounts accounts, Clock clock) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.clock = clock;
    }

    record GrantBody(@Schema(requiredMode = REQUIRED) UUID accountId, @Schema(requiredMode = REQUIRED) Long credits,
            @Schema(implementation = BlockSource.class) String source, Instant expiresAt, String reason) {
    }

    record BlockView(String object, UUID id, UUID accountId, @Schema(implementation = BlockSource.class) String source,
            @Nullable UUID orderId, @Nullable String unitCost, @Nullable String currency, boolean refundable,
            @Nullable Instant expiresAt, long granted, long consumed, long held, long expired, long revoked,
            long suspended, long available, @Nullable String reason, Instant createdAt) {
        static BlockView of(CreditBlock b, Instant now) {
            return new BlockView("credit_block", b.id(), b.accountId(), b.source().wireName(), b.orderId(),
                    b.unitCost().stripTrailingZeros().toPlainString(), b.currency(), b.refundable(), b.expiresAt(), b.granted(),
                    b.consumed(), b.held(), b.expired(), b.revoked(), b.suspended(),
                    b.expiredAt(now) ? 0 : b.unspent(), b.reason(), b.createdAt());
        }
    }

    record SourceView(long available, long held, long suspended) {
    }

    record BalanceView(String object, UUID accountId, long available, long held, long suspended, long total,
            Map<String, SourceView> bySource) {
        static BalanceView of(Balance b) {
            Map<String, SourceView> bySource = new LinkedHashMap<>();
            b.bySource().forEach(s -> bySource.put(s.source().wireName(),
                    new SourceView(s.available(), s.held(), s.suspended())));
            return new BalanceView("balance", b.accountId(), b.available(), b.held(), b.suspended(), b.total(),
                    bySource);
        }
    }

    record EntryView(String object, UUID id, @Schema(implementation = EntryType.class) String type, long credits,
            @Nullable UUID blockId, @Schema(implementation = BlockSource.class) @Nullable String blockSource,
            @Nullable UUID holdId, @Nullable String reason, Instant createdAt) {
        static EntryView of(LedgerEntry e) {
            return new EntryView("ledger_entry", e.id(), e.type().wireName(), e.credits(),
                    e.blockId(), e.blockSource().wireName(), e.holdId(), e.reason(), e.createdAt());
        }
    }

    @Operation(operationId = "grantCredits", summary = "Grant credits to an account",
            description = "Adds a credit block (purchase, promotion, compensation...) the account can spend.")
    @PostMapping("/v1/credit-grants")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    BlockView grant(Caller caller, @RequestBody GrantBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.accountId() == null) {
            errors.add(new FieldProblem("account_id", "is required"));
        }
        Long credits = Fields.requiredCredits(body.credits(), "credits", errors);
        BlockSource source = BlockSource.fromWire(body.source());
        if (source == null || !GRANTABLE.contains(source)) {
            errors.add(new FieldProblem("source",
                    "must be one of bonus, promotional, gift, replacement, compensation"));
        }
        Instant now = clock.instant();
        if (body.expiresAt() != null && !body.expiresAt().isAfter(now)) {
            errors.add(new FieldProblem("expires_at", "must be in the future"));
        }
        String reason = Fields.optionalText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        accounts.require(caller.tenantId(), body.accountId());
        CreditBlock block = ledger.grant(Grant.free(caller.tenantId(), body.accountId(), source, credits,
                body.expiresAt(), reason));
        return BlockView.of(block, now);
    }

    @Operation(operationId = "getCreditBlock", summary = "Retrieve a credit block",
            description = "The block with its counters; the `data.object` of the `credits.*` events.")
    @GetMapping("/v1/credit-blocks/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    BlockView block(Caller caller, @PathVariable String id) {
        UUID blockId = Ids.parseOrNotFound("credit block", id);
        return ledger.block(caller.tenantId(), blockId).map(b -> BlockView.of(b, clock.instant()))
                .orElseThrow(() -> ApiProblem.notFound("credit block", blockId));
    }

    @Operation(operationId = "getAccountBalance", summary = "Retrieve an account's credit balance")
    @GetMapping("/v1/accounts/{id}/balance")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    BalanceView balance(Caller caller, @PathVariable String id) {
        UUID accountId = accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id)).id();
        return BalanceView.of(ledger.balance(caller.tenantId(), accountId));
    }

    @Operation(operationId = "listAccountCreditBlocks", summary = "List an account's credit blocks")
    @GetMapping("/v1/accounts/{id}/credit-blocks")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<BlockView> blocks(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        UUID accountId = accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id)).id();
        Instant now = clock.instant();
        ListPage<CreditBlock> page = ledger.blocks(caller.tenantId(), accountId, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(b -> BlockView.of(b, now)).toList(), page.hasMore(),
                page.nextCursor());
    }

    @Operation(operationId = "listAccountLedgerEntries", summary = "List an account's ledger entries",
            description = "Newest first, by cursor.")
    @GetMapping("/v1/accounts/{id}/ledger")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<EntryView> entries(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        UUID accountId = accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id)).id();
        ListPage<LedgerEntry> page = ledger.entries(caller.tenantId(), accountId, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(EntryView::of).toList(), page.hasMore(), page.nextCursor());
    }
}
