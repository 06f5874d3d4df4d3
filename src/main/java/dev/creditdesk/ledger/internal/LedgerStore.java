package dev.creditdesk.ledger.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.ledger.BlockSource;
import dev.creditdesk.ledger.CreditBlock;
import dev.creditdesk.ledger.EntryType;
import dev.creditdesk.ledger.Hold;
import dev.creditdesk.ledger.HoldStatus;
import dev.creditdesk.ledger.LedgerEntry;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.tenants.DrawdownCriterion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ledger's SQL. Callers hold the account's lock ({@link #lockAccount}) around every change. */
@Repository
public class LedgerStore {

    private static final String BLOCK = "id, account_id, source, order_id, unit_cost, currency, refundable, "
            + "expires_at, granted, consumed, held, expired, revoked, suspended, reason, created_at";
    private static final String HOLD = "id, account_id, credits, consumed, restored, status, reference, "
            + "expires_at, created_at, settled_at";
    private static final String HOLD_COLUMNS_OF_H = "h.id, h.account_id, h.credits, h.consumed, h.restored, "
            + "h.status, h.reference, h.expires_at, h.created_at, h.settled_at";
    /** Adds each change to its block's counters (one row per block); selects the blocks changed. */
    private static final String CHANGED = """
            , changed as (
                update credit_blocks b
                   set consumed = b.consumed + c.consumed, held = b.held + c.held, expired = b.expired + c.expired,
                       revoked = b.revoked + c.revoked, suspended = b.suspended + c.suspended
                from unnest(cast(:changeBlocks as uuid[]), cast(:changeConsumed as bigint[]),
                            cast(:changeHeld as bigint[]), cast(:changeExpired as bigint[]),
                            cast(:changeRevoked as bigint[]), cast(:changeSuspended as bigint[]))
                     as c(block_id, consumed, held, expired, revoked, suspended)
                where b.tenant_id = :tenant and b.account_id = :account and b.id = c.block_id
                returning b.id)
            """;
    /** Appends the entries in the order given (their sequence numbers follow it). */
    private static final String WRITTEN = """
            , written as (
                insert into ledger_entries (tenant_id, public_id, account_id, block_id, hold_id, type, credits,
                                            reason, created_at)
                select cast(:tenant as uuid), e.public_id, cast(:account as uuid), e.block_id, e.hold_id, e.type,
                       e.credits, e.reason, cast(:at as timestamptz)
                from unnest(cast(:entryIds as uuid[]), cast(:entryBlocks as uuid[]), cast(:entryHolds as uuid[]),
                            cast(:entryTypes as text[]), cast(:entryCredits as bigint[]), cast(:entryReasons as text[]))
                     with ordinality as e(public_id, block_id, hold_id, type, credits, reason, n)
                order by e.n)
            """;
    static final String UNSPENT = "granted - consumed - held - expired - revoked - suspended";
    static final String LIVE = "consumed + held + expired + revoked + suspended < granted";

    /** An entry about to be written. */
    public record NewEntry(UUID blockId, UUID holdId, EntryType type, long credits, String reason) {
    }

    /** Credits of one block taken by a hold, or consumed by it. */
    public record Portion(UUID blockId, long credits) {
    }

    /** What a hold took from a block, and whether that block has been closed since. */
    public record HeldPortion(UUID blockId, long credits, boolean closed, boolean suspended) {
    }

    /** An order's block with what it still has: unspent and suspended credits. */
    public record OrderBlock(UUID blockId, UUID accountId, boolean refundable, long unspent, long suspended,
            boolean closed, String suspensionSource) {
    }

    /** Where a consumed portion came from, to decide where restored credits go. */
    public record Consumption(UUID blockId, long credits, Instant expiresAt, long revoked, boolean closed,
            boolean suspended) {
    }

    /** Credits suspended on an account's live blocks, by what suspended them. */
    public record SuspendedCredits(String source, String sourceId, long credits) {
    }

    public record AccountRef(UUID tenantId, UUID accountId) {
    }

    /** A hold and what it took from each block, in the order it took it. */
    public record HoldWithPortions(Hold hold, List<HeldPortion> portions) {
    }

    /** What to add to one block's counters (negative to take away). */
    public record BlockChange(UUID blockId, long consumed, long held, long expired, long revoked, long suspended) {
    }

    private final JdbcClient jdbc;

    LedgerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void ensureAccount(UUID tenantId, UUID accountId, Instant now) {
        jdbc.sql("""
                        insert into ledger_accounts (tenant_id, account_id, created_at) values (:tenant, :account, :now)
                        on conflict do nothing""")
                .param("tenant", tenantId).param("account", accountId).param("now", Timestamp.from(now))
                .update();
    }

    /** Locks the account's ledger row; false when the account has never had credits. */
    public boolean lockAccount(UUID tenantId, UUID accountId) {
        return jdbc.sql("select 1 from ledger_accounts where tenant_id = :tenant and account_id = :account for update")
                .param("tenant", tenantId).param("account", accountId)
                .query(Integer.class).optional().isPresent();
    }

    /** Like {@link #lockAccount} but gives up at once if another transaction holds the lock (jobs). */
    public boolean tryLockAccount(UUID tenantId, UUID accountId) {
        return jdbc.sql("""
                        select 1 from ledger_accounts where tenant_id = :tenant and account_id = :account
                        for update skip locked""")
                .param("tenant", tenantId).param("account", accountId)
                .query(Integer.class).optional().isPresent();
    }

    public void insertBlock(UUID tenantId, CreditBlock b) {
        jdbc.sql("""
                        insert into credit_blocks (tenant_id, id, account_id, source, order_id, unit_cost, currency,
                                                   refundable, expires_at, granted, reason, created_at)
                        values (:tenant, :id, :account, :source, :order, :unitCost, :currency, :refundable,
                                :expires, :granted, :reason, :created)""")
                .param("tenant", tenantId).param("id", b.id()).param("account", b.accountId())
                .param("source", b.source().wireName()).param("order", b.orderId()).param("unitCost", b.unitCost())
                .param("currency", b.currency()).param("refundable", b.refundable())
                .param("expires", ts(b.expiresAt())).param("granted", b.granted())
                .param("reason", b.reason()).param("created", Timestamp.from(b.createdAt()))
                .update();
    }

    public Optional<CreditBlock> findBlock(UUID tenantId, UUID blockId) {
        return jdbc.sql("select " + BLOCK + " from credit_blocks where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", blockId).query(LedgerStore::block).optional();
    }

    public List<CreditBlock> blocks(UUID tenantId, UUID accountId) {
        return jdbc.sql("select " + BLOCK + " from credit_blocks where tenant_id = :tenant and account_id = :account "
                        + "order by created_at, id")
                .param("tenant", tenantId).param("account", accountId).query(LedgerStore::block).list();
    }

    /** Credits the account's tasks consumed, over all its blocks. */
    public long consumed(UUID tenantId, UUID accountId) {
        return jdbc.sql("select coalesce(sum(consumed), 0) from credit_blocks where tenant_id = :tenant and account_id = :account")
                .param("tenant", tenantId).param("account", accountId).query(Long.class).single();
    }

    /** The account's blocks newest first by id, after {@code afterId} when given. */
    public List<CreditBlock> blocksPage(UUID tenantId, UUID accountId, UUID afterId, int limit) {
        return jdbc.sql("select " + BLOCK + """
                         from credit_blocks where tenant_id = :tenant and account_id = :account
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("tenant", tenantId).param("account", accountId).param("after", afterId).param("limit", limit)
                .query(LedgerStore::block).list();
    }

    /** Blocks that can be drawn on now, in the tenant's drawdown order, with their unspent credits. */
    public List<Portion> spendable(UUID tenantId, UUID accountId, Instant now, List<DrawdownCriterion> order) {
        return jdbc.sql("select id, " + UNSPENT + " as unspent from credit_blocks "
                        + "where tenant_id = :tenant and account_id = :account and " + LIVE + " "
                        + "and closed_at is null and suspension_source is null and (expires_at is null or expires_at > :now) order by " + drawdownOrderBy(order))
                .param("tenant", tenantId).param("account", accountId).param("now", Timestamp.from(now))
                .query((rs, n) -> new Portion(rs.getObject(1, UUID.class), rs.getLong(2))).list();
    }

    /** Adds to a block's counters; the table's check rejects any change that would overdraw it. */
    public void changeBlock(UUID tenantId, UUID accountId, UUID blockId, long consumed, long held, long expired,
            long revoked, long suspended) {
        int updated = jdbc.sql("""
                        update credit_blocks set consumed = consumed + :consumed, held = held + :held,
                               expired = expired + :expired, revoked = revoked + :revoked,
                               suspended = suspended + :suspended
                        where tenant_id = :tenant and account_id = :account and id = :id""")
                .param("consumed", consumed).param("held", held).param("expired", expired)
                .param("revoked", revoked).param("suspended", suspended)
                .param("tenant", tenantId).param("account", accountId).param("id", blockId)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("credit block " + blockId + " not found");
        }
    }

    /** Writes entries in one statement. */
    public void insertEntries(UUID tenantId, UUID accountId, Instant now, List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        String values = entries.stream().map(e -> "(?, ?, ?, ?, ?, ?, ?, ?, ?)").collect(Collectors.joining(", "));
        List<Object> params = new ArrayList<>(entries.size() * 9);
        Timestamp at = Timestamp.from(now);
        for (NewEntry e : entries) {
            params.add(tenantId);
            params.add(Ids.newId(now));
            params.add(accountId);
            params.add(e.blockId());
            params.add(e.holdId());
            params.add(e.type().wireName());
            params.add(e.credits());
            params.add(e.reason());
            params.add(at);
        }
        jdbc.sql("insert into ledger_entries (tenant_id, public_id, account_id, block_id, hold_id, type, credits, reason, "
                        + "created_at) values " + values)
                .params(params)
                .update();
    }

    /**
     * Writes a new hold, what it takes from each block ({@code changes}) and its entries, in one
     * statement; the blocks' check rejects any change that would overdraw them.
     */
    public void insertHold(UUID tenantId, Hold h, List<BlockChange> changes, List<NewEntry> entries, Instant now) {
        List<Integer> changed = jdbc.sql("""
                        with hold as (
                            insert into holds (tenant_id, id, account_id, credits, status, reference, expires_at,
                                               created_at)
                            values (:tenant, :hold, :account, :credits, 'held', :reference, :expires, :created))
                        """ + CHANGED + WRITTEN + "select count(*) from changed")
                .params(changeParams(tenantId, h.accountId(), now, changes, entries))
                .param("hold", h.id()).param("credits", h.credits()).param("reference", h.reference())
                .param("expires", Timestamp.from(h.expiresAt())).param("created", Timestamp.from(h.createdAt()))
                .query(Integer.class).list();
        requireChanged(changes, changed.get(0));
    }

    /**
     * Finishes a held hold ({@code status}, {@code consumed}) with the changes to its blocks and its
     * entries, in one statement; answers the hold as it now stands.
     */
    public Hold finishHold(UUID tenantId, UUID accountId, UUID holdId, HoldStatus status, long consumed, Instant at,
            List<BlockChange> changes, List<NewEntry> entries) {
        List<Hold> finished = jdbc.sql("with finished as (update holds set status = :status, consumed = :consumed, "
                        + "settled_at = :at where tenant_id = :tenant and account_id = :account and id = :hold "
                        + "and status = 'held' returning " + HOLD + ")\n" + CHANGED + WRITTEN
                        + "select " + HOLD + ", (select count(*) from changed) as changed_blocks from finished")
                .params(changeParams(tenantId, accountId, at, changes, entries))
                .param("status", status.wireName()).param("consumed", consumed).param("hold", holdId)
                .query((rs, n) -> {
                    requireChanged(changes, rs.getInt("changed_blocks"));
                    return hold(rs, n);
                }).list();
        if (finished.size() != 1) {
            throw new IllegalStateException("hold " + holdId + " was not held");
        }
        return finished.get(0);
    }

    /** The account's hold {@code holdId}; naming the account keeps the lookup on one shard when distributed. */
    public Optional<Hold> findHold(UUID tenantId, UUID accountId, UUID holdId) {
        return jdbc.sql("select " + HOLD + " from holds where tenant_id = :tenant and account_id = :account and id = :id")
                .param("tenant", tenantId).param("account", accountId).param("id", holdId)
                .query(LedgerStore::hold).optional();
    }

    public void markRestored(UUID tenantId, UUID accountId, UUID holdId, long restored) {
        jdbc.sql("update holds set restored = restored + :restored "
                        + "where tenant_id = :tenant and account_id = :account and id = :id")
                .param("restored", restored).param("tenant", tenantId).param("account", accountId).param("id", holdId)
                .update();
    }

    /** What a hold took from each block, in the order it took it. */
    public List<HeldPortion> holdPortions(UUID tenantId, UUID accountId, UUID holdId) {
        return jdbc.sql("""
                        select e.block_id, e.credits, b.closed_at is not null, b.suspension_source is not null
                        from ledger_entries e join credit_blocks b
                             on b.tenant_id = e.tenant_id and b.account_id = e.account_id and b.id = e.block_id
                        where e.tenant_id = :tenant and e.account_id = :account and e.hold_id = :hold
                          and e.type = 'hold' order by e.id""")
                .param("tenant", tenantId).param("account", accountId).param("hold", holdId)
                .query((rs, n) -> new HeldPortion(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBoolean(3),
                        rs.getBoolean(4))).list();
    }

    /**
     * The account's hold {@code holdId} with what it took from each block, in the order it took it,
     * in one statement; read under the account's lock, so the blocks' closed and suspended marks
     * are current.
     */
    public Optional<HoldWithPortions> holdWithPortions(UUID tenantId, UUID accountId, UUID holdId) {
        List<Object[]> rows = jdbc.sql("select " + HOLD_COLUMNS_OF_H + """
                        , e.block_id, e.credits as portion, b.closed_at is not null as closed,
                               b.suspension_source is not null as block_suspended
                        from holds h
                        left join ledger_entries e
                             on e.tenant_id = h.tenant_id and e.account_id = :account and e.hold_id = h.id
                            and e.type = 'hold'
                        left join credit_blocks b
                             on b.tenant_id = e.tenant_id and b.account_id = :account and b.id = e.block_id
                        where h.tenant_id = :tenant and h.account_id = :account and h.id = :hold
                        order by e.id""")
                .param("tenant", tenantId).param("account", accountId).param("hold", holdId)
                .query((rs, n) -> new Object[] {hold(rs, n), rs.getObject("block_id", UUID.class) == null ? null
                        : new HeldPortion(rs.getObject("block_id", UUID.class), rs.getLong("portion"),
                                rs.getBoolean("closed"), rs.getBoolean("block_suspended"))})
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<HeldPortion> portions = new ArrayList<>();
        for (Object[] row : rows) {
            if (row[1] != null) {
                portions.add((HeldPortion) row[1]);
            }
        }
        return Optional.of(new HoldWithPortions((Hold) rows.get(0)[0], portions));
    }

    public List<CreditBlock> blocksOfOrder(UUID tenantId, UUID orderId) {
        return jdbc.sql("select " + BLOCK + " from credit_blocks where tenant_id = :tenant and order_id = :order "
                        + "order by created_at, id")
                .param("tenant", tenantId).param("order", orderId).query(LedgerStore::block).list();
    }

    /** The blocks an order delivered, purchased ones first. */
    public List<OrderBlock> orderBlocks(UUID tenantId, UUID orderId) {
        return jdbc.sql("select id, account_id, refundable, " + UNSPENT + ", suspended, closed_at is not null, "
                        + "suspension_source from credit_blocks where tenant_id = :tenant and order_id = :order "
                        + "order by refundable desc, created_at, id")
                .param("tenant", tenantId).param("order", orderId)
                .query((rs, n) -> new OrderBlock(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getBoolean(3), rs.getLong(4), rs.getLong(5), rs.getBoolean(6), rs.getString(7)))
                .list();
    }

    /** Marks a block suspended by {@code source} (null: no longer suspended). */
    public void setSuspension(UUID tenantId, UUID blockId, String source, String sourceId) {
        jdbc.sql("update credit_blocks set suspension_source = :source, suspension_source_id = :sourceId "
                        + "where tenant_id = :tenant and id = :id")
                .param("source", source).param("sourceId", sourceId).param("tenant", tenantId).param("id", blockId)
                .update();
    }

    /** Credits revoked from one block for one reason. */
    public record Revoked(UUID blockId, long credits) {
    }

    /**
     * What was revoked from an order's blocks with {@code reason}, block by block, and, from the
     * blocks in {@code closedFor}, what was revoked because they were closed, since that closing.
     */
    public List<Revoked> revokedFromOrder(UUID tenantId, UUID orderId, String reason, List<Reopened> closedFor) {
        return jdbc.sql("""
                        select e.block_id, sum(e.credits) from ledger_entries e
                        join credit_blocks b
                             on b.tenant_id = e.tenant_id and b.account_id = e.account_id and b.id = e.block_id
                        left join unnest(cast(:closed as uuid[]), cast(:after as bigint[])) as c(block_id, after)
                               on c.block_id = e.block_id
                        where e.tenant_id = :tenant and b.order_id = :order and e.type = 'revoke'
                          and (e.reason = :reason or (e.reason = 'block closed' and e.id > c.after))
                        group by e.block_id order by min(e.id)""")
                .param("tenant", tenantId).param("order", orderId).param("reason", reason)
                .param("closed", closedFor.stream().map(Reopened::blockId).toArray(UUID[]::new))
                .param("after", closedFor.stream().map(Reopened::closedAfterEntry).toArray(Long[]::new))
                .query((rs, n) -> new Revoked(rs.getObject(1, UUID.class), rs.getLong(2))).list();
    }

    public boolean orderHasBlockWithReason(UUID tenantId, UUID orderId, String reason) {
        return jdbc.sql("select exists (select 1 from credit_blocks where tenant_id = :tenant and order_id = :order "
                        + "and reason = :reason)")
                .param("tenant", tenantId).param("order", orderId).param("reason", reason)
                .query(Boolean.class).single();
    }

    /** Suspended credits on the account's blocks that have not expired and are not closed. */
    public List<SuspendedCredits> suspendedCredits(UUID tenantId, UUID accountId, Instant now) {
        return jdbc.sql("""
                        select suspension_source, suspension_source_id, sum(suspended) from credit_blocks
                        where tenant_id = :tenant and account_id = :account and suspension_source is not null
                          and suspended > 0 and closed_at is null and (expires_at is null or expires_at > :now)
                        group by suspension_source, suspension_source_id order by 1, 2""")
                .param("tenant", tenantId).param("account", accountId).param("now", Timestamp.from(now))
                .query((rs, n) -> new SuspendedCredits(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    public void closeBlock(UUID tenantId, UUID blockId, Instant at, String reason) {
        jdbc.sql("""
                        update credit_blocks set closed_at = :at, closed_reason = :reason,
                            closed_after_entry = (select coalesce(max(e.id), 0) from ledger_entries e
                                                  where e.tenant_id = :tenant and e.block_id = :id)
                        where tenant_id = :tenant and id = :id and closed_at is null""")
                .param("at", ts(at)).param("reason", reason).param("tenant", tenantId).param("id", blockId).update();
    }

    /** A block reopened, with its last entry before it was closed. */
    public record Reopened(UUID blockId, long closedAfterEntry) {
    }

    /** Reopens the order's blocks closed for {@code reason}. */
    public List<Reopened> reopenBlocks(UUID tenantId, UUID orderId, String reason) {
        return jdbc.sql("""
                        update credit_blocks b set closed_at = null, closed_reason = null, closed_after_entry = null
                        from credit_blocks old
                        where old.tenant_id = b.tenant_id and old.id = b.id
                          and b.tenant_id = :tenant and b.order_id = :order and b.closed_reason = :reason
                        returning b.id, coalesce(old.closed_after_entry, 0)""")
                .param("tenant", tenantId).param("order", orderId).param("reason", reason)
                .query((rs, n) -> new Reopened(rs.getObject(1, UUID.class), rs.getLong(2))).list();
    }

    public List<Consumption> consumptions(UUID tenantId, UUID accountId, UUID holdId) {
        return jdbc.sql("""
                        select e.block_id, e.credits, b.expires_at, b.revoked, b.closed_at is not null,
                               b.suspension_source is not null
                        from ledger_entries e join credit_blocks b
                             on b.tenant_id = e.tenant_id and b.account_id = e.account_id and b.id = e.block_id
                        where e.tenant_id = :tenant and e.account_id = :account and e.hold_id = :hold
                          and e.type = 'consume' order by e.id""")
                .param("tenant", tenantId).param("account", accountId).param("hold", holdId)
                .query((rs, n) -> new Consumption(rs.getObject(1, UUID.class), rs.getLong(2),
                        instant(rs.getTimestamp(3)), rs.getLong(4), rs.getBoolean(5), rs.getBoolean(6)))
                .list();
    }

    /** Accounts with holds past their TTL; read without locks, each claimed later with SKIP LOCKED. */
    public List<AccountRef> accountsWithDueHolds(Instant now, int limit) {
        return jdbc.sql("""
                        select distinct tenant_id, account_id from
                          (select tenant_id, account_id from holds where status = 'held' and expires_at <= :now
                           order by expires_at limit :limit) due""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, n) -> new AccountRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
    }

    public List<Hold> dueHolds(UUID tenantId, UUID accountId, Instant now) {
        return jdbc.sql("select " + HOLD + " from holds where tenant_id = :tenant and account_id = :account "
                        + "and status = 'held' and expires_at <= :now order by expires_at")
                .param("tenant", tenantId).param("account", accountId).param("now", Timestamp.from(now))
                .query(LedgerStore::hold).list();
    }

    /** Accounts with blocks past their expiry that still have unspent credits. */
    public List<AccountRef> accountsWithDueBlocks(Instant now, int limit) {
        return jdbc.sql("select distinct tenant_id, account_id from (select tenant_id, account_id from credit_blocks "
                        + "where expires_at is not null and " + LIVE + " and expires_at <= :now "
                        + "and " + UNSPENT + " > 0 order by expires_at limit :limit) due")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, n) -> new AccountRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
    }

    public List<Portion> dueBlocks(UUID tenantId, UUID accountId, Instant now) {
        return jdbc.sql("select id, " + UNSPENT + " from credit_blocks where tenant_id = :tenant "
                        + "and account_id = :account and expires_at is not null and " + LIVE
                        + " and expires_at <= :now and " + UNSPENT + " > 0 order by expires_at, id")
                .param("tenant", tenantId).param("account", accountId).param("now", Timestamp.from(now))
                .query((rs, n) -> new Portion(rs.getObject(1, UUID.class), rs.getLong(2))).list();
    }

    public record SourceRow(BlockSource source, long available, long held, long suspended) {
    }

    public List<SourceRow> balanceBySource(UUID tenantId, UUID accountId, Instant now) {
        return jdbc.sql("select source, "
                        + "coalesce(sum(" + UNSPENT + ") filter (where expires_at is null or expires_at > :now), 0), "
                        + "sum(held), sum(suspended) from credit_blocks "
                        + "where tenant_id = :tenant and account_id = :account "
                        + "and (" + LIVE + " or held > 0 or suspended > 0) group by source order by source")
                .param("tenant", tenantId).param("account", accountId).param("now", Timestamp.from(now))
                .query((rs, n) -> new SourceRow(BlockSource.fromWire(rs.getString(1)), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4)))
                .list();
    }

    /** The sequence number of the account's entry {@code publicId}, if the account has it. */
    public Optional<Long> entrySequence(UUID tenantId, UUID accountId, UUID publicId) {
        return jdbc.sql("""
                        select id from ledger_entries
                        where tenant_id = :tenant and public_id = :public and account_id = :account""")
                .param("tenant", tenantId).param("public", publicId).param("account", accountId)
                .query(Long.class).optional();
    }

    /** Entries newest first, strictly before sequence number {@code beforeId} when given. */
    public List<LedgerEntry> entries(UUID tenantId, UUID accountId, Long beforeId, int limit) {
        return jdbc.sql("""
                        select e.id, e.account_id, e.block_id, b.source, e.hold_id, e.type, e.credits, e.reason,
                               e.created_at, e.public_id
                        from ledger_entries e join credit_blocks b
                             on b.tenant_id = e.tenant_id and b.account_id = e.account_id and b.id = e.block_id
                        where e.tenant_id = :tenant and e.account_id = :account
                          and (cast(:before as bigint) is null or e.id < :before)
                        order by e.id desc limit :limit""")
                .param("tenant", tenantId).param("account", accountId).param("before", beforeId)
                .param("limit", limit)
                .query((rs, n) -> new LedgerEntry(rs.getObject(10, UUID.class), rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), BlockSource.fromWire(rs.getString(4)),
                        rs.getObject(5, UUID.class), EntryType.fromWire(rs.getString(6)), rs.getLong(7),
                        rs.getString(8), rs.getTimestamp(9).toInstant()))
                .list();
    }

    private static Map<String, Object> changeParams(UUID tenantId, UUID accountId, Instant at,
            List<BlockChange> changes, List<NewEntry> entries) {
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenantId);
        params.put("account", accountId);
        params.put("at", Timestamp.from(at));
        params.put("changeBlocks", changes.stream().map(BlockChange::blockId).toArray(UUID[]::new));
        params.put("changeConsumed", changes.stream().map(BlockChange::consumed).toArray(Long[]::new));
        params.put("changeHeld", changes.stream().map(BlockChange::held).toArray(Long[]::new));
        params.put("changeExpired", changes.stream().map(BlockChange::expired).toArray(Long[]::new));
        params.put("changeRevoked", changes.stream().map(BlockChange::revoked).toArray(Long[]::new));
        params.put("changeSuspended", changes.stream().map(BlockChange::suspended).toArray(Long[]::new));
        params.put("entryIds", entries.stream().map(e -> Ids.newId(at)).toArray(UUID[]::new));
        params.put("entryBlocks", entries.stream().map(NewEntry::blockId).toArray(UUID[]::new));
        params.put("entryHolds", entries.stream().map(NewEntry::holdId).toArray(UUID[]::new));
        params.put("entryTypes", entries.stream().map(e -> e.type().wireName()).toArray(String[]::new));
        params.put("entryCredits", entries.stream().map(NewEntry::credits).toArray(Long[]::new));
        params.put("entryReasons", entries.stream().map(NewEntry::reason).toArray(String[]::new));
        return params;
    }

    private static void requireChanged(List<BlockChange> changes, long changed) {
        if (changed != changes.size()) {
            throw new IllegalStateException("credit blocks " + changes.stream().map(BlockChange::blockId).toList()
                    + ": " + changed + " of " + changes.size() + " found");
        }
    }

    /** The ORDER BY of a tenant's drawdown order over credit blocks, ties by id (the bench's sql mode spends the same way). */
    public static String drawdownOrderBy(List<DrawdownCriterion> order) {
        List<String> terms = new ArrayList<>();
        for (DrawdownCriterion criterion : order) {
            terms.add(switch (criterion) {
                case SOONEST_EXPIRY -> "expires_at asc nulls last";
                case NON_REFUNDABLE_FIRST -> "refundable asc";
                case REFUNDABLE_FIRST -> "refundable desc";
                case OLDEST_FIRST -> "created_at asc";
                case NEWEST_FIRST -> "created_at desc";
            });
        }
        terms.add("id asc");
        return String.join(", ", terms);
    }

    private static CreditBlock block(ResultSet rs, int row) throws SQLException {
        return new CreditBlock(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                BlockSource.fromWire(rs.getString("source")), rs.getObject("order_id", UUID.class),
                rs.getBigDecimal("unit_cost"), rs.getString("currency"), rs.getBoolean("refundable"),
                instant(rs.getTimestamp("expires_at")), rs.getLong("granted"), rs.getLong("consumed"),
                rs.getLong("held"), rs.getLong("expired"), rs.getLong("revoked"), rs.getLong("suspended"),
                rs.getString("reason"), rs.getTimestamp("created_at").toInstant());
    }

    private static Hold hold(ResultSet rs, int row) throws SQLException {
        return new Hold(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getLong("credits"), rs.getLong("consumed"), rs.getLong("restored"),
                HoldStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("reference"),
                rs.getTimestamp("expires_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("settled_at")));
    }
}
