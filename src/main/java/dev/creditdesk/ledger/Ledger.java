package dev.creditdesk.ledger;

import dev.creditdesk.ledger.internal.LedgerStore.BlockChange;
import dev.creditdesk.ledger.internal.LedgerStore.Consumption;
import dev.creditdesk.ledger.internal.LedgerStore.HeldPortion;
import dev.creditdesk.ledger.internal.LedgerStore.HoldWithPortions;
import dev.creditdesk.ledger.internal.LedgerStore.NewEntry;
import dev.creditdesk.ledger.internal.LedgerStore.Portion;
import dev.creditdesk.ledger.internal.LedgerStore;
import dev.creditdesk.ledger.internal.LedgerBatchStore;
import dev.creditdesk.ledger.internal.LedgerBatchStore.AccountKey;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.tenants.DrawdownCriterion;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants, holds, settles, releases and restores credits. Every method that changes an account's
 * credits locks the account's ledger row first, so two changes to one account never interleave,
 * and writes the entries and the blocks' counters in the same transaction. Grants, removals,
 * suspensions and restorations announce each block they changed ({@link ResourceChanged}); the
 * task hot path (hold, settle, release) announces nothing.
 */
@Service
public class Ledger {

    private final LedgerStore store;
    private final LedgerBatchStore batchStore;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Ledger(LedgerStore store, LedgerBatchStore batchStore, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.batchStore = batchStore;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public CreditBlock grant(Grant grant) {
        Instant now = clock.instant();
        store.ensureAccount(grant.tenantId(), grant.accountId(), now);
        store.lockAccount(grant.tenantId(), grant.accountId());
        CreditBlock block = new CreditBlock(Ids.newId(clock), grant.accountId(), grant.source(), grant.orderId(),
                grant.unitCost(), grant.currency() == null ? null : grant.currency().getCode(), grant.refundable(),
                grant.expiresAt(), grant.credits(), 0, 0, 0, 0, 0, grant.reason(), now);
        store.insertBlock(grant.tenantId(), block);
        store.insertEntries(grant.tenantId(), grant.accountId(), now,
                List.of(new NewEntry(block.id(), null, EntryType.GRANT, grant.credits(), grant.reason())));
        announce(grant.tenantId(), EventType.CREDITS_GRANTED, List.of(block.id()));
        return block;
    }

    /**
     * Reserves {@code credits} from the account's spendable blocks in the tenant's drawdown order as
     * the hold {@code holdId}, created {@code now} (read from the clock by the caller, who names the
     * hold before it exists), or throws {@link InsufficientCredits} naming what is available.
     */
    @Transactional
    public Hold hold(UUID tenantId, UUID accountId, UUID holdId, long credits, Instant now, Duration ttl,
            List<DrawdownCriterion> drawdownOrder, String reference) {
        if (!store.lockAccount(tenantId, accountId)) {
            throw new InsufficientCredits(credits, 0);
        }
        List<Portion> spendable = store.spendable(tenantId, accountId, now, drawdownOrder);
        long available = spendable.stream().mapToLong(Portion::credits).sum();
        if (available < credits) {
            List<LedgerStore.SuspendedCredits> suspended = store.suspendedCredits(tenantId, accountId, now);
            long suspendedTotal = suspended.stream().mapToLong(LedgerStore.SuspendedCredits::credits).sum();
            if (available + suspendedTotal >= credits) {
                LedgerStore.SuspendedCredits first = suspended.get(0);
                throw new CreditsSuspended(credits, available, suspendedTotal, first.source(), first.sourceId());
            }
            throw new InsufficientCredits(credits, available);
        }
        Hold hold = new Hold(holdId, accountId, credits, 0, 0, HoldStatus.HELD, reference, now.plus(ttl), now, null);
        BlockChanges changes = new BlockChanges();
        List<NewEntry> entries = new ArrayList<>();
        long remaining = credits;
        for (Portion block : spendable) {
            if (remaining == 0) {
                break;
            }
            long take = Math.min(block.credits(), remaining);
            changes.add(block.blockId(), 0, take, 0, 0, 0);
            entries.add(new NewEntry(block.blockId(), hold.id(), EntryType.HOLD, take, null));
            remaining -= take;
        }
        store.insertHold(tenantId, hold, changes.list(), entries, now);
        return hold;
    }

    /**
     * Opens a batch over {@code accounts} (locked now, in one order for every batch) and the holds
     * {@code holds} of them (each with its tenant and account): the blocks of each tenant's accounts
     * are read in its {@code drawdownOrders}. The caller's transaction holds the locks until it ends.
     */
    public LedgerBatch openBatch(List<LedgerBatch.Account> accounts, List<LedgerBatch.AccountHold> holds,
            Map<UUID, List<DrawdownCriterion>> drawdownOrders) {
        List<AccountKey> locked = batchStore.lock(accounts.stream().distinct()
                .map(a -> new AccountKey(a.tenantId(), a.accountId())).toList());
        List<LedgerBatchStore.HoldRow> holdRows = holds.isEmpty() ? List.of()
                : batchStore.holds(holds.stream().map(LedgerBatch.AccountHold::tenantId).toList(),
                        holds.stream().map(LedgerBatch.AccountHold::accountId).toList(),
                        holds.stream().map(LedgerBatch.AccountHold::holdId).toList());
        Map<UUID, Map<UUID, List<LedgerBatchStore.BlockRow>>> blocks = new HashMap<>();
        locked.stream().collect(Collectors.groupingBy(AccountKey::tenantId, LinkedHashMap::new,
                        Collectors.mapping(AccountKey::accountId, Collectors.toList())))
                .forEach((tenant, ofTenant) -> blocks.put(tenant, batchStore.blocks(tenant, ofTenant,
                        holdRows.stream().filter(h -> h.tenantId().equals(tenant))
                                .flatMap(h -> h.portions().stream().map(Portion::blockId)).distinct().toList(),
                        drawdownOrders.getOrDefault(tenant, List.of()))));
        return new LedgerBatch(batchStore, locked, blocks, holdRows);
    }

    /**
     * Settles a hold: {@code used} credits are consumed (from the blocks in the order the hold took
     * them), the rest released. A hold past its TTL can no longer be settled.
     */
    @Transactional
    public Hold settle(UUID tenantId, UUID accountId, UUID holdId, long used) {
        Instant now = clock.instant();
        HoldWithPortions locked = lockedHoldWithPortions(tenantId, accountId, holdId);
        Hold hold = locked.hold();
        requireHeld(hold, now);
        if (used < 0 || used > hold.credits()) {
            throw ApiProblem.invalid("credits", "must be between 0 and the " + hold.credits() + " credits reserved");
        }
        BlockChanges changes = new BlockChanges();
        List<NewEntry> entries = new ArrayList<>();
        long toConsume = used;
        for (HeldPortion portion : locked.portions()) {
            long consume = Math.min(portion.credits(), toConsume);
            long release = portion.credits() - consume;
            changes.add(portion.blockId(), consume, -portion.credits(), 0, 0, 0);
            if (consume > 0) {
                entries.add(new NewEntry(portion.blockId(), holdId, EntryType.CONSUME, consume, null));
            }
            releaseInto(changes, portion, release, holdId, entries);
            toConsume -= consume;
        }
        return store.finishHold(tenantId, accountId, holdId, HoldStatus.SETTLED, used, now, changes.list(), entries);
    }

    /** Releases every credit of a hold whose task failed. */
    @Transactional
    public Hold release(UUID tenantId, UUID accountId, UUID holdId) {
        Instant now = clock.instant();
        HoldWithPortions locked = lockedHoldWithPortions(tenantId, accountId, holdId);
        requireHeld(locked.hold(), now);
        return releaseAll(tenantId, locked.hold(), locked.portions(), HoldStatus.RELEASED, now);
    }

    /**
     * Gives back the credits a settled hold consumed, for a task later found to have failed: onto
     * the blocks they came from while those are live, otherwise as a new non-expiring restoration
     * block (a block that has expired or been revoked since must not come back to life).
     */
    @Transactional
    public Hold restore(UUID tenantId, UUID accountId, UUID holdId, String reason) {
        Instant now = clock.instant();
        Hold hold = lockedHold(tenantId, accountId, holdId);
        if (hold.status() != HoldStatus.SETTLED || hold.consumed() == 0) {
            throw ApiProblem.conflict("nothing-to-restore", "Only credits consumed by a completed task can be restored");
        }
        if (hold.restored() > 0) {
            throw ApiProblem.conflict("already-restored", "The credits of this task were already restored");
        }
        List<NewEntry> entries = new ArrayList<>();
        Set<UUID> restored = new LinkedHashSet<>();
        long toNewBlock = 0;
        for (Consumption consumption : store.consumptions(tenantId, accountId, holdId)) {
            boolean live = (consumption.expiresAt() == null || consumption.expiresAt().isAfter(now))
                    && consumption.revoked() == 0 && !consumption.closed();
            if (live) {
                store.changeBlock(tenantId, accountId, consumption.blockId(), -consumption.credits(), 0, 0, 0, 0);
                entries.add(new NewEntry(consumption.blockId(), holdId, EntryType.RESTORE, consumption.credits(),
                        reason));
                restored.add(consumption.blockId());
                if (consumption.suspended()) {
                    store.changeBlock(tenantId, accountId, consumption.blockId(), 0, 0, 0, 0, consumption.credits());
                    entries.add(new NewEntry(consumption.blockId(), holdId, EntryType.SUSPEND, consumption.credits(),
                            "block suspended"));
                }
            } else {
                toNewBlock += consumption.credits();
            }
        }
        if (toNewBlock > 0) {
            CreditBlock block = new CreditBlock(Ids.newId(clock), hold.accountId(), BlockSource.RESTORATION, null,
                    BigDecimal.ZERO, null, false, null, toNewBlock, 0, 0, 0, 0, 0, reason, now);
            store.insertBlock(tenantId, block);
            entries.add(new NewEntry(block.id(), holdId, EntryType.GRANT, toNewBlock, reason));
            restored.add(block.id());
        }
        store.insertEntries(tenantId, accountId, now, entries);
        store.markRestored(tenantId, accountId, holdId, hold.consumed());
        announce(tenantId, EventType.CREDITS_RESTORED, restored);
        return store.findHold(tenantId, accountId, holdId).orElseThrow();
    }

    /** Releases this account's holds past their TTL; the hold expiry job calls it holding the account's lock. */
    public int expireDueHolds(UUID tenantId, UUID accountId) {
        Instant now = clock.instant();
        int expired = 0;
        for (Hold hold : store.dueHolds(tenantId, accountId, now)) {
            releaseAll(tenantId, hold, store.holdPortions(tenantId, accountId, hold.id()), HoldStatus.EXPIRED, now);
            events.publishEvent(new HoldExpired(tenantId, hold.id(), accountId, hold.reference()));
            expired++;
        }
        return expired;
    }

    /** Records the expiry of this account's blocks past their expiry date; called holding the account's lock. */
    public long expireDueBlocks(UUID tenantId, UUID accountId) {
        Instant now = clock.instant();
        List<NewEntry> entries = new ArrayList<>();
        long total = 0;
        for (Portion block : store.dueBlocks(tenantId, accountId, now)) {
            store.changeBlock(tenantId, accountId, block.blockId(), 0, 0, block.credits(), 0, 0);
            entries.add(new NewEntry(block.blockId(), null, EntryType.EXPIRE, block.credits(), null));
            total += block.credits();
        }
        store.insertEntries(tenantId, accountId, now, entries);
        return total;
    }

    /**
     * Removes an order's credits for a refund. {@code credits} null: everything the order still has
     * (unspent and suspended, bonus included), and its blocks are closed so credits held by tasks
     * in flight are revoked when released. Otherwise: up to {@code credits} unspent purchased
     * credits, the ones a proportional refund pays for. Returns the credits removed.
     */
    @Transactional
    public long removeOrderCredits(UUID tenantId, UUID orderId, Long credits, String reason) {
        List<LedgerStore.OrderBlock> blocks = lockedOrderBlocks(tenantId, orderId);
        Instant now = clock.instant();
        long removed = 0;
        long wanted = credits == null ? Long.MAX_VALUE : credits;
        List<UUID> changed = new ArrayList<>();
        for (LedgerStore.OrderBlock block : blocks) {
            List<NewEntry> entries = new ArrayList<>();
            if (credits == null) {
                if (block.suspended() > 0) {
                    store.changeBlock(tenantId, block.accountId(), block.blockId(), 0, 0, 0, 0, -block.suspended());
                    entries.add(new NewEntry(block.blockId(), null, EntryType.UNSUSPEND, block.suspended(), reason));
                }
                long all = block.unspent() + block.suspended();
                if (all > 0) {
                    store.changeBlock(tenantId, block.accountId(), block.blockId(), 0, 0, 0, all, 0);
                    entries.add(new NewEntry(block.blockId(), null, EntryType.REVOKE, all, reason));
                    removed += all;
                    changed.add(block.blockId());
                }
                store.closeBlock(tenantId, block.blockId(), now, reason);
                store.setSuspension(tenantId, block.blockId(), null, null);
            } else if (block.refundable() && wanted > removed) {
                long take = Math.min(block.unspent(), wanted - removed);
                if (take > 0) {
                    store.changeBlock(tenantId, block.accountId(), block.blockId(), 0, 0, 0, take, 0);
                    entries.add(new NewEntry(block.blockId(), null, EntryType.REVOKE, take, reason));
                    removed += take;
                    changed.add(block.blockId());
                }
            }
            store.insertEntries(tenantId, block.accountId(), now, entries);
        }
        announce(tenantId, EventType.CREDITS_REMOVED, changed);
        return removed;
    }

    /**
     * Undoes {@link #removeOrderCredits} with {@code reason} (the refund it paid for failed): the
     * blocks it closed are open again, so credits of tasks in flight come back to them, and what it
     * revoked — or what was revoked since because it had closed them — comes back as a new block
     * like each one the credits left (same source, order, unit cost, refundability and expiry). A
     * second call for the same reason gives back nothing, so {@code reason} names one removal (one
     * refund), not the case: a case approved again after a failed refund removes credits again under
     * its new refund's reason, and that refund failing gives them back too. Returns the credits given
     * back.
     */
    @Transactional
    public long returnRemovedCredits(UUID tenantId, UUID orderId, String reason) {
        lockedOrderBlocks(tenantId, orderId);
        String returned = "returned: " + reason;
        if (store.orderHasBlockWithReason(tenantId, orderId, returned)) {
            return 0;
        }
        Instant now = clock.instant();
        long total = 0;
        List<UUID> returnedBlocks = new ArrayList<>();
        List<LedgerStore.Reopened> reopened = store.reopenBlocks(tenantId, orderId, reason);
        for (LedgerStore.Revoked revoked : store.revokedFromOrder(tenantId, orderId, reason, reopened)) {
            CreditBlock from = store.findBlock(tenantId, revoked.blockId()).orElseThrow();
            CreditBlock block = new CreditBlock(Ids.newId(clock), from.accountId(), from.source(), orderId,
                    from.unitCost(), from.currency(), from.refundable(), from.expiresAt(), revoked.credits(), 0, 0, 0,
                    0, 0, returned, now);
            store.insertBlock(tenantId, block);
            store.insertEntries(tenantId, block.accountId(), now,
                    List.of(new NewEntry(block.id(), null, EntryType.GRANT, revoked.credits(), returned)));
            total += revoked.credits();
            returnedBlocks.add(block.id());
        }
        announce(tenantId, EventType.CREDITS_RESTORED, returnedBlocks);
        return total;
    }

    /**
     * Makes an order's unspent credits unspendable, not deleted (a chargeback under review), and
     * keeps its blocks suspended: credits that come back to them later (a task's hold released) are
     * suspended too. {@code source} and {@code sourceId} name what suspended them. Returns the
     * credits suspended now.
     */
    @Transactional
    public long suspendOrderCredits(UUID tenantId, UUID orderId, String reason, String source, String sourceId) {
        Instant now = clock.instant();
        long suspended = 0;
        List<UUID> changed = new ArrayList<>();
        for (LedgerStore.OrderBlock block : lockedOrderBlocks(tenantId, orderId)) {
            if (block.closed()) {
                continue;
            }
            if (block.suspensionSource() != null) {
                throw ApiProblem.conflict("credits-suspended", "The order's credits are already suspended");
            }
            store.setSuspension(tenantId, block.blockId(), source, sourceId);
            if (block.unspent() > 0) {
                store.changeBlock(tenantId, block.accountId(), block.blockId(), 0, 0, 0, 0, block.unspent());
                store.insertEntries(tenantId, block.accountId(), now,
                        List.of(new NewEntry(block.blockId(), null, EntryType.SUSPEND, block.unspent(), reason)));
                suspended += block.unspent();
                changed.add(block.blockId());
            }
        }
        announce(tenantId, EventType.CREDITS_SUSPENDED, changed);
        return suspended;
    }

    /** Gives back exactly what a suspension took; on a closed block the credits are revoked instead. */
    @Transactional
    public long liftOrderSuspension(UUID tenantId, UUID orderId, String reason) {
        Instant now = clock.instant();
        long lifted = 0;
        List<UUID> restored = new ArrayList<>();
        List<UUID> removed = new ArrayList<>();
        for (LedgerStore.OrderBlock block : lockedOrderBlocks(tenantId, orderId)) {
            if (block.suspensionSource() != null) {
                store.setSuspension(tenantId, block.blockId(), null, null);
            }
            if (block.suspended() == 0) {
                continue;
            }
            List<NewEntry> entries = new ArrayList<>();
            store.changeBlock(tenantId, block.accountId(), block.blockId(), 0, 0, 0, 0, -block.suspended());
            entries.add(new NewEntry(block.blockId(), null, EntryType.UNSUSPEND, block.suspended(), reason));
            if (block.closed()) {
                store.changeBlock(tenantId, block.accountId(), block.blockId(), 0, 0, 0, block.suspended(), 0);
                entries.add(new NewEntry(block.blockId(), null, EntryType.REVOKE, block.suspended(), "block closed"));
                removed.add(block.blockId());
            } else {
                lifted += block.suspended();
                restored.add(block.blockId());
            }
            store.insertEntries(tenantId, block.accountId(), now, entries);
        }
        announce(tenantId, EventType.CREDITS_RESTORED, restored);
        announce(tenantId, EventType.CREDITS_REMOVED, removed);
        return lifted;
    }

    /** Announces each changed block once, after all of them were written, so each renders as it now stands. */
    private void announce(UUID tenantId, EventType type, Iterable<UUID> blockIds) {
        for (UUID blockId : blockIds) {
            events.publishEvent(ResourceChanged.of(tenantId, type, blockId));
        }
    }

    private List<LedgerStore.OrderBlock> lockedOrderBlocks(UUID tenantId, UUID orderId) {
        List<LedgerStore.OrderBlock> blocks = store.orderBlocks(tenantId, orderId);
        blocks.stream().map(LedgerStore.OrderBlock::accountId).distinct()
                .forEach(account -> store.lockAccount(tenantId, account));
        return store.orderBlocks(tenantId, orderId);
    }

    /**
     * How an order's credits stand: of its purchased credits, how many were used (consumed) or
     * are held by tasks in flight, how many are left; and how many bonus credits are left.
     */
    public OrderCredits orderCredits(UUID tenantId, UUID orderId) {
        long used = 0;
        long held = 0;
        long unused = 0;
        long bonusUnused = 0;
        for (CreditBlock block : store.blocksOfOrder(tenantId, orderId)) {
            long left = block.unspent() + block.suspended();
            if (block.refundable()) {
                used += block.consumed();
                held += block.held();
                unused += left;
            } else {
                bonusUnused += left;
            }
        }
        return new OrderCredits(used, held, unused, bonusUnused);
    }

    public Balance balance(UUID tenantId, UUID accountId) {
        List<Balance.SourceBalance> bySource = store.balanceBySource(tenantId, accountId, clock.instant()).stream()
                .map(r -> new Balance.SourceBalance(r.source(), r.available(), r.held(), r.suspended()))
                .toList();
        return new Balance(accountId,
                bySource.stream().mapToLong(Balance.SourceBalance::available).sum(),
                bySource.stream().mapToLong(Balance.SourceBalance::held).sum(),
                bySource.stream().mapToLong(Balance.SourceBalance::suspended).sum(),
                bySource);
    }

    /** The account's blocks newest first; the cursor is a block of the same account. */
    public ListPage<CreditBlock> blocks(UUID tenantId, UUID accountId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.findBlock(tenantId, after).filter(b -> b.accountId().equals(accountId)).isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.blocksPage(tenantId, accountId, after, limit + 1), limit, CreditBlock::id);
    }

    /** Credits the account has consumed over its lifetime, across all its blocks. */
    public long consumed(UUID tenantId, UUID accountId) {
        return store.consumed(tenantId, accountId);
    }

    public List<CreditBlock> blocks(UUID tenantId, UUID accountId) {
        return store.blocks(tenantId, accountId);
    }

    public Optional<CreditBlock> block(UUID tenantId, UUID blockId) {
        return store.findBlock(tenantId, blockId);
    }

    /** Entries newest first; {@code startingAfter} is the cursor of the previous page. */
    public ListPage<LedgerEntry> entries(UUID tenantId, UUID accountId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        Long before = after == null ? null
                : store.entrySequence(tenantId, accountId, after).orElseThrow(ListPage::notACursor);
        return ListPage.of(store.entries(tenantId, accountId, before, limit + 1), limit, LedgerEntry::id);
    }

    /** The account's hold, read under the account's lock; both statements name the account. */
    private Hold lockedHold(UUID tenantId, UUID accountId, UUID holdId) {
        store.lockAccount(tenantId, accountId);
        return store.findHold(tenantId, accountId, holdId).orElseThrow(() -> ApiProblem.notFound("hold", holdId));
    }

    /** The account's hold and what it took from each block, read under the account's lock. */
    private HoldWithPortions lockedHoldWithPortions(UUID tenantId, UUID accountId, UUID holdId) {
        store.lockAccount(tenantId, accountId);
        return store.holdWithPortions(tenantId, accountId, holdId)
                .orElseThrow(() -> ApiProblem.notFound("hold", holdId));
    }

    static void requireHeld(Hold hold, Instant now) {
        if (hold.status() != HoldStatus.HELD) {
            throw ApiProblem.conflict("hold-" + hold.status().wireName(),
                    "The reservation was already " + hold.status().wireName());
        }
        if (!hold.expiresAt().isAfter(now)) {
            throw ApiProblem.conflict("hold-expired", "The reservation outlived its TTL at " + hold.expiresAt()
                    + " and its credits are being released");
        }
    }

    /**
     * Releases held credits back to their block; on a closed block (its order refunded or charged
     * back) they are revoked at once, so they can never be spent again.
     */
    private static void releaseInto(BlockChanges changes, HeldPortion portion, long release, UUID holdId,
            List<NewEntry> entries) {
        if (release == 0) {
            return;
        }
        entries.add(new NewEntry(portion.blockId(), holdId, EntryType.RELEASE, release, null));
        if (portion.closed()) {
            changes.add(portion.blockId(), 0, 0, 0, release, 0);
            entries.add(new NewEntry(portion.blockId(), holdId, EntryType.REVOKE, release, "block closed"));
        } else if (portion.suspended()) {
            changes.add(portion.blockId(), 0, 0, 0, 0, release);
            entries.add(new NewEntry(portion.blockId(), holdId, EntryType.SUSPEND, release, "block suspended"));
        }
    }

    private Hold releaseAll(UUID tenantId, Hold hold, List<HeldPortion> portions, HoldStatus status, Instant now) {
        BlockChanges changes = new BlockChanges();
        List<NewEntry> entries = new ArrayList<>();
        for (HeldPortion portion : portions) {
            changes.add(portion.blockId(), 0, -portion.credits(), 0, 0, 0);
            releaseInto(changes, portion, portion.credits(), hold.id(), entries);
        }
        return store.finishHold(tenantId, hold.accountId(), hold.id(), status, 0, now, changes.list(), entries);
    }

    /**
     * What a hold, settlement or release adds to each block's counters, summed per block: the store
     * applies them in one statement, one row per block, so the blocks' check sees only the sums. A
     * hold takes from each block once; in a settlement or release every step only frees credits or
     * moves freed ones on (revoked, suspended), so the sums are valid exactly when the steps one by
     * one would have been.
     */
    private static final class BlockChanges {

        private final Map<UUID, long[]> byBlock = new LinkedHashMap<>();

        void add(UUID blockId, long consumed, long held, long expired, long revoked, long suspended) {
            long[] sums = byBlock.computeIfAbsent(blockId, id -> new long[5]);
            sums[0] += consumed;
            sums[1] += held;
            sums[2] += expired;
            sums[3] += revoked;
            sums[4] += suspended;
        }

        List<BlockChange> list() {
            return byBlock.entrySet().stream().map(e -> new BlockChange(e.getKey(), e.getValue()[0],
                    e.getValue()[1], e.getValue()[2], e.getValue()[3], e.getValue()[4])).toList();
        }
    }
}
