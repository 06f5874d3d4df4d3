package dev.creditdesk.ledger;

import dev.creditdesk.ledger.internal.LedgerBatchStore;
import dev.creditdesk.ledger.internal.LedgerBatchStore.AccountKey;
import dev.creditdesk.ledger.internal.LedgerBatchStore.BlockDelta;
import dev.creditdesk.ledger.internal.LedgerBatchStore.BlockRow;
import dev.creditdesk.ledger.internal.LedgerBatchStore.EntryRow;
import dev.creditdesk.ledger.internal.LedgerBatchStore.FinishedHold;
import dev.creditdesk.ledger.internal.LedgerBatchStore.HoldRow;
import dev.creditdesk.ledger.internal.LedgerBatchStore.NewHold;
import dev.creditdesk.ledger.internal.LedgerBatchStore.Written;
import dev.creditdesk.ledger.internal.LedgerStore.Portion;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Holds, settlements and releases of many accounts applied together, set-based: the accounts are
 * locked and their blocks and holds read once ({@link Ledger#openBatch}), each call is then decided
 * in memory in the order given — exactly as {@link Ledger#hold}, {@link Ledger#settle} and
 * {@link Ledger#release} would decide it one after the other, with the same answers and
 * failures — and {@link #write} writes everything in one statement.
 *
 * <p>A call that fails changes nothing here (its caller gets the failure; the next call sees the
 * ledger as before it). A call this batch cannot decide exactly as the ledger would throws
 * {@link Undecided}, before anything is written: the caller then applies the calls one by one.
 */
public final class LedgerBatch {

    /** An account of a tenant. */
    public record Account(UUID tenantId, UUID accountId) {
    }

    /** A hold of an account of a tenant. */
    public record AccountHold(UUID tenantId, UUID accountId, UUID holdId) {
    }

    /** The batch cannot decide this call exactly as the ledger would; apply the calls one by one. */
    public static final class Undecided extends RuntimeException {
        Undecided(String why) {
            super(why, null, false, false);
        }
    }

    /** A block as the batch has left it so far, and as it was read. */
    private static final class Block {
        final UUID tenantId;
        final BlockRow read;
        long consumed;
        long held;
        long revoked;
        long suspended;

        Block(UUID tenantId, BlockRow read) {
            this.tenantId = tenantId;
            this.read = read;
            this.consumed = read.consumed();
            this.held = read.held();
            this.revoked = read.revoked();
            this.suspended = read.suspended();
        }

        long unspent() {
            return read.granted() - consumed - held - read.expired() - revoked - suspended;
        }

        boolean spendable(Instant now) {
            return !read.closed() && read.suspensionSource() == null
                    && (read.expiresAt() == null || read.expiresAt().isAfter(now)) && unspent() > 0;
        }

        boolean changed() {
            return consumed != read.consumed() || held != read.held() || revoked != read.revoked()
                    || suspended != read.suspended();
        }
    }

    /** A hold read (or made) by the batch, with what it took from each block. */
    private static final class HeldCredits {
        final UUID tenantId;
        Hold hold;
        final List<Portion> portions;

        HeldCredits(UUID tenantId, Hold hold, List<Portion> portions) {
            this.tenantId = tenantId;
            this.hold = hold;
            this.portions = portions;
        }
    }

    private final LedgerBatchStore store;
    private final Map<AccountKey, List<Block>> accounts = new HashMap<>();
    private final Map<UUID, Block> blocks = new HashMap<>();
    private final Map<UUID, HeldCredits> holds = new HashMap<>();
    private final List<NewHold> newHolds = new ArrayList<>();
    private final List<FinishedHold> finished = new ArrayList<>();
    private final List<EntryRow> entries = new ArrayList<>();

    LedgerBatch(LedgerBatchStore store, List<AccountKey> locked, Map<UUID, Map<UUID, List<BlockRow>>> blocksByTenant,
            List<HoldRow> holdRows) {
        this.store = store;
        for (AccountKey account : locked) {
            List<Block> ofAccount = new ArrayList<>();
            for (BlockRow row : blocksByTenant.getOrDefault(account.tenantId(), Map.of())
                    .getOrDefault(account.accountId(), List.of())) {
                Block block = new Block(account.tenantId(), row);
                ofAccount.add(block);
                blocks.put(row.id(), block);
            }
            accounts.put(account, ofAccount);
        }
        for (HoldRow row : holdRows) {
            holds.put(row.hold().id(), new HeldCredits(row.tenantId(), row.hold(), row.portions()));
        }
    }

    /** As {@link Ledger#hold}: reserves {@code credits} in drawdown order, or throws what it would. */
    public Hold hold(UUID tenantId, UUID accountId, UUID holdId, long credits, Instant now, Duration ttl,
            String reference) {
        List<Block> ofAccount = accounts.get(new AccountKey(tenantId, accountId));
        if (ofAccount == null) {
            throw new InsufficientCredits(credits, 0);
        }
        long available = ofAccount.stream().filter(b -> b.spendable(now)).mapToLong(Block::unspent).sum();
        if (available < credits) {
            // suspended credits as written, with what this batch released onto suspended blocks since
            long suspended = store.suspendedCredits(tenantId, accountId, now) + ofAccount.stream()
                    .filter(b -> b.read.suspensionSource() != null && !b.read.closed()
                            && (b.read.expiresAt() == null || b.read.expiresAt().isAfter(now)))
                    .mapToLong(b -> b.suspended - b.read.suspended()).sum();
            if (available + suspended >= credits) {
                // a 403 naming what suspended them, which the ledger decides
                throw new Undecided("the reservation is covered only with suspended credits");
            }
            throw new InsufficientCredits(credits, available);
        }
        Hold hold = new Hold(holdId, accountId, credits, 0, 0, HoldStatus.HELD, reference, now.plus(ttl), now, null);
        List<Portion> portions = new ArrayList<>();
        long remaining = credits;
        for (Block block : ofAccount) {
            if (remaining == 0) {
                break;
            }
            if (!block.spendable(now)) {
                continue;
            }
            long take = Math.min(block.unspent(), remaining);
            block.held += take;
            portions.add(new Portion(block.read.id(), take));
            entry(block, holdId, EntryType.HOLD, take, null, now);
            remaining -= take;
        }
        holds.put(holdId, new HeldCredits(tenantId, hold, portions));
        newHolds.add(new NewHold(tenantId, hold));
        return hold;
    }

    /** As {@link Ledger#settle}: consumes {@code used} in the order the hold took them, releases the rest. */
    public Hold settle(UUID tenantId, UUID accountId, UUID holdId, long used, Instant now) {
        HeldCredits held = held(tenantId, accountId, holdId, now);
        if (used < 0 || used > held.hold.credits()) {
            throw ApiProblem.invalid("credits", "must be between 0 and the " + held.hold.credits() + " credits reserved");
        }
        long toConsume = used;
        for (Portion portion : held.portions) {
            Block block = blocks.get(portion.blockId());
            long consume = Math.min(portion.credits(), toConsume);
            block.held -= portion.credits();
            block.consumed += consume;
            if (consume > 0) {
                entry(block, holdId, EntryType.CONSUME, consume, null, now);
            }
            releaseInto(block, portion.credits() - consume, holdId, now);
            toConsume -= consume;
        }
        return finish(held, HoldStatus.SETTLED, used, now);
    }

    /** As {@link Ledger#release}: every credit of the hold goes back. */
    public Hold release(UUID tenantId, UUID accountId, UUID holdId, Instant now) {
        HeldCredits held = held(tenantId, accountId, holdId, now);
        for (Portion portion : held.portions) {
            Block block = blocks.get(portion.blockId());
            block.held -= portion.credits();
            releaseInto(block, portion.credits(), holdId, now);
        }
        return finish(held, HoldStatus.RELEASED, 0, now);
    }

    /**
     * Writes every hold, settlement and release decided, in one statement; fails (and the batch's
     * transaction with it) if any row was not where the batch read it.
     */
    public void write() {
        List<BlockDelta> deltas = blocks.values().stream().filter(Block::changed)
                .map(b -> new BlockDelta(b.tenantId, b.read.accountId(), b.read.id(), b.consumed - b.read.consumed(),
                        b.held - b.read.held(), 0, b.revoked - b.read.revoked(), b.suspended - b.read.suspended()))
                .toList();
        if (newHolds.isEmpty() && finished.isEmpty() && deltas.isEmpty() && entries.isEmpty()) {
            return;
        }
        Written written = store.write(newHolds, finished, deltas, entries);
        if (written.holdsInserted() != newHolds.size() || written.holdsFinished() != finished.size()
                || written.blocksChanged() != deltas.size() || written.entriesWritten() != entries.size()) {
            throw new IllegalStateException("ledger batch: wrote " + written + " for " + newHolds.size() + " holds, "
                    + finished.size() + " settled, " + deltas.size() + " blocks, " + entries.size() + " entries");
        }
    }

    /** The account's hold, which must still be held and within its TTL. */
    private HeldCredits held(UUID tenantId, UUID accountId, UUID holdId, Instant now) {
        HeldCredits held = holds.get(holdId);
        if (held == null || !held.tenantId.equals(tenantId) || !held.hold.accountId().equals(accountId)) {
            throw ApiProblem.notFound("hold", holdId);
        }
        Ledger.requireHeld(held.hold, now);
        return held;
    }

    /** As the ledger releases: on a closed block revoked at once, on a suspended one suspended. */
    private void releaseInto(Block block, long release, UUID holdId, Instant now) {
        if (release == 0) {
            return;
        }
        entry(block, holdId, EntryType.RELEASE, release, null, now);
        if (block.read.closed()) {
            block.revoked += release;
            entry(block, holdId, EntryType.REVOKE, release, "block closed", now);
        } else if (block.read.suspensionSource() != null) {
            block.suspended += release;
            entry(block, holdId, EntryType.SUSPEND, release, "block suspended", now);
        }
    }

    private Hold finish(HeldCredits held, HoldStatus status, long consumed, Instant now) {
        Hold h = held.hold;
        held.hold = new Hold(h.id(), h.accountId(), h.credits(), consumed, h.restored(), status, h.reference(),
                h.expiresAt(), h.createdAt(), now);
        finished.add(new FinishedHold(held.tenantId, h.accountId(), h.id(), status, consumed, now));
        return held.hold;
    }

    private void entry(Block block, UUID holdId, EntryType type, long credits, String reason, Instant at) {
        entries.add(new EntryRow(block.tenantId, block.read.accountId(), Ids.newId(at), block.read.id(), holdId,
                type.wireName(), credits, reason, at));
    }
}
