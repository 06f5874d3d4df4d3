package dev.creditdesk.ledger.internal;

import static dev.creditdesk.shared.Sql.instant;

import dev.creditdesk.ledger.Hold;
import dev.creditdesk.ledger.HoldStatus;
import dev.creditdesk.ledger.internal.LedgerStore.Portion;
import dev.creditdesk.tenants.DrawdownCriterion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of a group-commit batch ({@code LedgerBatch}): each reads or writes the rows of
 * every account in the batch at once, so a batch costs the same few statements whatever its size.
 */
@Repository
public class LedgerBatchStore {

    /** One account of one tenant. */
    public record AccountKey(UUID tenantId, UUID accountId) {
    }

    /** A block as it stands, with what the batch needs to draw on it or give back to it. */
    public record BlockRow(UUID id, UUID accountId, long granted, long consumed, long held, long expired,
            long revoked, long suspended, boolean closed, String suspensionSource, Instant expiresAt) {
    }

    /** A hold and what it took from each block, in the order it took it. */
    public record HoldRow(UUID tenantId, Hold hold, List<Portion> portions) {
    }

    /** A new hold of the batch. */
    public record NewHold(UUID tenantId, Hold hold) {
    }

    /** A hold the batch finished. */
    public record FinishedHold(UUID tenantId, UUID accountId, UUID holdId, HoldStatus status, long consumed,
            Instant at) {
    }

    /** What to add to one block's counters. */
    public record BlockDelta(UUID tenantId, UUID accountId, UUID blockId, long consumed, long held, long expired,
            long revoked, long suspended) {
    }

    /** An entry of the batch, written in the order given. */
    public record EntryRow(UUID tenantId, UUID accountId, UUID publicId, UUID blockId, UUID holdId, String type,
            long credits, String reason, Instant at) {
    }

    /** How many rows each part of a batch's write touched. */
    public record Written(int holdsInserted, int holdsFinished, int blocksChanged, int entriesWritten) {
    }

    private final JdbcClient jdbc;

    LedgerBatchStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the ledger rows of {@code accounts} in one statement, in (tenant, account) order so that
     * two batches never wait on each other in a cycle; answers those that exist.
     */
    public List<AccountKey> lock(List<AccountKey> accounts) {
        return jdbc.sql("""
                        select l.tenant_id, l.account_id from ledger_accounts l
                        join unnest(cast(:tenants as uuid[]), cast(:accounts as uuid[])) as k(tenant_id, account_id)
                          on l.tenant_id = k.tenant_id and l.account_id = k.account_id
                        order by l.tenant_id, l.account_id
                        for update of l""")
                .param("tenants", accounts.stream().map(AccountKey::tenantId).toArray(UUID[]::new))
                .param("accounts", accounts.stream().map(AccountKey::accountId).toArray(UUID[]::new))
                .query((rs, n) -> new AccountKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    /**
     * The blocks of the tenant's {@code accounts} with unspent credits (the live index's), and the
     * blocks {@code alsoBlocks} (those holds took credits from), each account's in the tenant's
     * drawdown order.
     */
    public Map<UUID, List<BlockRow>> blocks(UUID tenantId, List<UUID> accounts, List<UUID> alsoBlocks,
            List<DrawdownCriterion> order) {
        Map<UUID, List<BlockRow>> byAccount = new LinkedHashMap<>();
        String columns = "id, account_id, granted, consumed, held, expired, revoked, suspended, "
                + "closed_at is not null as closed, suspension_source, expires_at, refundable, created_at";
        jdbc.sql("select " + columns + " from credit_blocks where tenant_id = :tenant"
                        + " and account_id = any(cast(:accounts as uuid[])) and " + LedgerStore.LIVE
                        + " union select " + columns + " from credit_blocks where tenant_id = :tenant"
                        + " and id = any(cast(:blocks as uuid[]))"
                        + " order by account_id, " + LedgerStore.drawdownOrderBy(order))
                .param("tenant", tenantId).param("accounts", accounts.toArray(UUID[]::new))
                .param("blocks", alsoBlocks.toArray(UUID[]::new))
                .query((rs, n) -> new BlockRow(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                        rs.getLong("granted"), rs.getLong("consumed"), rs.getLong("held"), rs.getLong("expired"),
                        rs.getLong("revoked"), rs.getLong("suspended"), rs.getBoolean("closed"),
                        rs.getString("suspension_source"), instant(rs.getTimestamp("expires_at"))))
                .list()
                .forEach(block -> byAccount.computeIfAbsent(block.accountId(), a -> new ArrayList<>()).add(block));
        return byAccount;
    }

    /**
     * The account's credits suspended on live blocks, as written (the ledger's "suspended credits",
     * which can turn a 402 into a 403).
     */
    public long suspendedCredits(UUID tenantId, UUID accountId, Instant now) {
        return jdbc.sql("""
                        select coalesce(sum(suspended), 0) from credit_blocks
                        where tenant_id = :tenant and account_id = :account and suspension_source is not null
                          and suspended > 0 and closed_at is null and (expires_at is null or expires_at > :now)""")
                .param("tenant", tenantId).param("account", accountId).param("now", java.sql.Timestamp.from(now))
                .query(Long.class).single();
    }

    /** The holds named by (tenant, account, hold), each with what it took from each block in order. */
    public List<HoldRow> holds(List<UUID> tenants, List<UUID> accounts, List<UUID> holds) {
        Map<UUID, HoldRow> byId = new LinkedHashMap<>();
        jdbc.sql("""
                        select h.tenant_id, h.id, h.account_id, h.credits, h.consumed, h.restored, h.status,
                               h.reference, h.expires_at, h.created_at, h.settled_at, e.block_id, e.credits as portion
                        from unnest(cast(:tenants as uuid[]), cast(:accounts as uuid[]), cast(:holds as uuid[]))
                             as k(tenant_id, account_id, id)
                        join holds h on h.tenant_id = k.tenant_id and h.account_id = k.account_id and h.id = k.id
                        left join lateral (
                            select e.block_id, e.credits, e.id from ledger_entries e
                            where e.tenant_id = h.tenant_id and e.hold_id = h.id and e.account_id = h.account_id
                              and e.type = 'hold') e on true
                        order by h.id, e.id""")
                .param("tenants", tenants.toArray(UUID[]::new)).param("accounts", accounts.toArray(UUID[]::new))
                .param("holds", holds.toArray(UUID[]::new))
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    HoldRow row = byId.computeIfAbsent(id, h -> {
                        try {
                            return new HoldRow(rs.getObject("tenant_id", UUID.class), new Hold(id,
                                    rs.getObject("account_id", UUID.class), rs.getLong("credits"),
                                    rs.getLong("consumed"), rs.getLong("restored"),
                                    HoldStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                                    rs.getString("reference"), rs.getTimestamp("expires_at").toInstant(),
                                    rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("settled_at"))),
                                    new ArrayList<>());
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    UUID block = rs.getObject("block_id", UUID.class);
                    if (block != null) {
                        row.portions().add(new Portion(block, rs.getLong("portion")));
                    }
                    return row;
                })
                .list();
        return List.copyOf(byId.values());
    }

    /**
     * Writes a batch in one statement: its new holds, the holds it finished, what it added to each
     * block's counters (the blocks' check rejects any overdraw) and its entries in order.
     */
    public Written write(List<NewHold> newHolds, List<FinishedHold> finished, List<BlockDelta> deltas,
            List<EntryRow> entries) {
        return jdbc.sql("""
                        with inserted as (
                            insert into holds (tenant_id, id, account_id, credits, status, reference, expires_at,
                                               created_at)
                            select h.tenant_id, h.id, h.account_id, h.credits, 'held', h.reference,
                                   cast(h.expires_at as timestamptz), cast(h.created_at as timestamptz)
                            from unnest(cast(:hTenants as uuid[]), cast(:hIds as uuid[]), cast(:hAccounts as uuid[]),
                                        cast(:hCredits as bigint[]), cast(:hReferences as text[]),
                                        cast(:hExpires as text[]), cast(:hCreated as text[]))
                                 as h(tenant_id, id, account_id, credits, reference, expires_at, created_at)
                            returning 1),
                        finished as (
                            update holds h set status = f.status, consumed = f.consumed,
                                   settled_at = cast(f.at as timestamptz)
                            from unnest(cast(:fTenants as uuid[]), cast(:fAccounts as uuid[]), cast(:fIds as uuid[]),
                                        cast(:fStatuses as text[]), cast(:fConsumed as bigint[]), cast(:fAt as text[]))
                                 as f(tenant_id, account_id, id, status, consumed, at)
                            where h.tenant_id = f.tenant_id and h.account_id = f.account_id and h.id = f.id
                              and h.status = 'held'
                            returning 1),
                        changed as (
                            update credit_blocks b
                               set consumed = b.consumed + c.consumed, held = b.held + c.held,
                                   expired = b.expired + c.expired, revoked = b.revoked + c.revoked,
                                   suspended = b.suspended + c.suspended
                            from unnest(cast(:cTenants as uuid[]), cast(:cAccounts as uuid[]), cast(:cBlocks as uuid[]),
                                        cast(:cConsumed as bigint[]), cast(:cHeld as bigint[]),
                                        cast(:cExpired as bigint[]), cast(:cRevoked as bigint[]),
                                        cast(:cSuspended as bigint[]))
                                 as c(tenant_id, account_id, block_id, consumed, held, expired, revoked, suspended)
                            where b.tenant_id = c.tenant_id and b.account_id = c.account_id and b.id = c.block_id
                            returning 1),
                        written as (
                            insert into ledger_entries (tenant_id, public_id, account_id, block_id, hold_id, type,
                                                        credits, reason, created_at)
                            select e.tenant_id, e.public_id, e.account_id, e.block_id, e.hold_id, e.type, e.credits,
                                   e.reason, cast(e.at as timestamptz)
                            from unnest(cast(:eTenants as uuid[]), cast(:eIds as uuid[]), cast(:eAccounts as uuid[]),
                                        cast(:eBlocks as uuid[]), cast(:eHolds as uuid[]), cast(:eTypes as text[]),
                                        cast(:eCredits as bigint[]), cast(:eReasons as text[]), cast(:eAt as text[]))
                                 with ordinality as e(tenant_id, public_id, account_id, block_id, hold_id, type,
                                                      credits, reason, at, n)
                            order by e.n
                            returning 1)
                        select (select count(*) from inserted), (select count(*) from finished),
                               (select count(*) from changed), (select count(*) from written)""")
                .param("hTenants", newHolds.stream().map(NewHold::tenantId).toArray(UUID[]::new))
                .param("hIds", newHolds.stream().map(h -> h.hold().id()).toArray(UUID[]::new))
                .param("hAccounts", newHolds.stream().map(h -> h.hold().accountId()).toArray(UUID[]::new))
                .param("hCredits", newHolds.stream().map(h -> h.hold().credits()).toArray(Long[]::new))
                .param("hReferences", newHolds.stream().map(h -> h.hold().reference()).toArray(String[]::new))
                .param("hExpires", newHolds.stream().map(h -> h.hold().expiresAt().toString()).toArray(String[]::new))
                .param("hCreated", newHolds.stream().map(h -> h.hold().createdAt().toString()).toArray(String[]::new))
                .param("fTenants", finished.stream().map(FinishedHold::tenantId).toArray(UUID[]::new))
                .param("fAccounts", finished.stream().map(FinishedHold::accountId).toArray(UUID[]::new))
                .param("fIds", finished.stream().map(FinishedHold::holdId).toArray(UUID[]::new))
                .param("fStatuses", finished.stream().map(f -> f.status().wireName()).toArray(String[]::new))
                .param("fConsumed", finished.stream().map(FinishedHold::consumed).toArray(Long[]::new))
                .param("fAt", finished.stream().map(f -> f.at().toString()).toArray(String[]::new))
                .param("cTenants", deltas.stream().map(BlockDelta::tenantId).toArray(UUID[]::new))
                .param("cAccounts", deltas.stream().map(BlockDelta::accountId).toArray(UUID[]::new))
                .param("cBlocks", deltas.stream().map(BlockDelta::blockId).toArray(UUID[]::new))
                .param("cConsumed", deltas.stream().map(BlockDelta::consumed).toArray(Long[]::new))
                .param("cHeld", deltas.stream().map(BlockDelta::held).toArray(Long[]::new))
                .param("cExpired", deltas.stream().map(BlockDelta::expired).toArray(Long[]::new))
                .param("cRevoked", deltas.stream().map(BlockDelta::revoked).toArray(Long[]::new))
                .param("cSuspended", deltas.stream().map(BlockDelta::suspended).toArray(Long[]::new))
                .param("eTenants", entries.stream().map(EntryRow::tenantId).toArray(UUID[]::new))
                .param("eIds", entries.stream().map(EntryRow::publicId).toArray(UUID[]::new))
                .param("eAccounts", entries.stream().map(EntryRow::accountId).toArray(UUID[]::new))
                .param("eBlocks", entries.stream().map(EntryRow::blockId).toArray(UUID[]::new))
                .param("eHolds", entries.stream().map(EntryRow::holdId).toArray(UUID[]::new))
                .param("eTypes", entries.stream().map(EntryRow::type).toArray(String[]::new))
                .param("eCredits", entries.stream().map(EntryRow::credits).toArray(Long[]::new))
                .param("eReasons", entries.stream().map(EntryRow::reason).toArray(String[]::new))
                .param("eAt", entries.stream().map(e -> e.at().toString()).toArray(String[]::new))
                .query((rs, n) -> new Written(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
                .single();
    }
}
