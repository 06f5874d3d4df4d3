package dev.creditdesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's invariants, checked with plain SQL against what is stored, independently of the
 * code under test: every block's counters equal the sums of its entries, no block is overdrawn,
 * every hold and task agrees with its entries.
 */
public final class LedgerInvariants {

    private LedgerInvariants() {
    }

    /** One block's counters as stored. */
    record StoredBlock(UUID id, UUID accountId, String source, boolean refundable, Instant expiresAt, long granted,
            long consumed, long held, long expired, long revoked, long suspended) {

        long unspent() {
            return granted - consumed - held - expired - revoked - suspended;
        }

        boolean pastDate(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }
    }

    /** What the entries of one account add up to. */
    public record AccountSums(long totalFromEntries, long availableFromEntries, long totalFromBlocks, long unspent,
            long unspentPastDate, long held, long consumed) {
    }

    static List<StoredBlock> blocks(JdbcClient jdbc, UUID tenantId) {
        return jdbc.sql("""
                        select id, account_id, source, refundable, expires_at, granted, consumed, held, expired,
                               revoked, suspended
                        from credit_blocks where tenant_id = :tenant order by created_at, id""")
                .param("tenant", tenantId)
                .query((rs, n) -> {
                    Timestamp expires = rs.getTimestamp("expires_at");
                    return new StoredBlock(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                            rs.getString("source"), rs.getBoolean("refundable"),
                            expires == null ? null : expires.toInstant(), rs.getLong("granted"),
                            rs.getLong("consumed"), rs.getLong("held"), rs.getLong("expired"), rs.getLong("revoked"),
                            rs.getLong("suspended"));
                })
                .list();
    }

    /** Number of ledger entries of the tenant; an operation that was refused must not change it. */
    static long entryCount(JdbcClient jdbc, UUID tenantId) {
        return jdbc.sql("select count(*) from ledger_entries where tenant_id = :tenant")
                .param("tenant", tenantId).query(Long.class).single();
    }

    /**
     * Checks every invariant of the tenant's ledger and answers the sums per account, for the
     * caller to compare with the balance and its own model.
     */
    public static Map<UUID, AccountSums> check(JdbcClient jdbc, UUID tenantId, Instant now) {
        List<StoredBlock> blocks = blocks(jdbc, tenantId);

        // Sums of entries per block and type, and per account.
        Map<UUID, Map<EntryType, Long>> byBlock = new HashMap<>();
        Map<UUID, long[]> deltas = new HashMap<>();
        jdbc.sql("""
                        select account_id, block_id, type, sum(credits), count(*) filter (where credits <= 0)
                        from ledger_entries where tenant_id = :tenant group by account_id, block_id, type""")
                .param("tenant", tenantId)
                .query(rs -> {
                    UUID account = rs.getObject(1, UUID.class);
                    UUID block = rs.getObject(2, UUID.class);
                    EntryType type = EntryType.fromWire(rs.getString(3));
                    long credits = rs.getLong(4);
                    assertThat(rs.getLong(5)).as("entries of block %s with non-positive credits", block).isZero();
                    byBlock.computeIfAbsent(block, b -> new EnumMap<>(EntryType.class)).merge(type, credits, Long::sum);
                    long[] d = deltas.computeIfAbsent(account, a -> new long[2]);
                    d[0] += type.totalDelta(credits);
                    d[1] += type.availableDelta(credits);
                });

        Map<UUID, long[]> fromBlocks = new HashMap<>();
        for (StoredBlock b : blocks) {
            String what = "block " + b.id() + " " + b;
            assertThat(b.consumed()).as("consumed of %s", what).isNotNegative();
            assertThat(b.held()).as("held of %s", what).isNotNegative();
            assertThat(b.expired()).as("expired of %s", what).isNotNegative();
            assertThat(b.revoked()).as("revoked of %s", what).isNotNegative();
            assertThat(b.suspended()).as("suspended of %s", what).isNotNegative();
            assertThat(b.consumed() + b.held() + b.expired() + b.revoked() + b.suspended())
                    .as("overdrawn: %s", what).isLessThanOrEqualTo(b.granted());

            Map<EntryType, Long> sums = byBlock.getOrDefault(b.id(), Map.of());
            long grant = sums.getOrDefault(EntryType.GRANT, 0L);
            long hold = sums.getOrDefault(EntryType.HOLD, 0L);
            long release = sums.getOrDefault(EntryType.RELEASE, 0L);
            long consume = sums.getOrDefault(EntryType.CONSUME, 0L);
            long restore = sums.getOrDefault(EntryType.RESTORE, 0L);
            assertThat(b.granted()).as("granted of %s vs entries %s", what, sums).isEqualTo(grant);
            assertThat(b.held()).as("held of %s vs entries %s", what, sums).isEqualTo(hold - release - consume);
            assertThat(b.consumed()).as("consumed of %s vs entries %s", what, sums).isEqualTo(consume - restore);
            assertThat(b.expired()).as("expired of %s vs entries %s", what, sums)
                    .isEqualTo(sums.getOrDefault(EntryType.EXPIRE, 0L));
            assertThat(b.revoked()).as("revoked of %s vs entries %s", what, sums)
                    .isEqualTo(sums.getOrDefault(EntryType.REVOKE, 0L));
            assertThat(b.suspended()).as("suspended of %s vs entries %s", what, sums)
                    .isEqualTo(sums.getOrDefault(EntryType.SUSPEND, 0L) - sums.getOrDefault(EntryType.UNSUSPEND, 0L));

            long[] a = fromBlocks.computeIfAbsent(b.accountId(), x -> new long[5]);
            a[0] += b.granted() - b.consumed() - b.expired() - b.revoked();
            a[1] += b.unspent();
            a[2] += b.pastDate(now) ? b.unspent() : 0;
            a[3] += b.held();
            a[4] += b.consumed();
        }
        assertThat(byBlock.keySet()).as("entries on blocks the tenant does not have")
                .isSubsetOf(blocks.stream().map(StoredBlock::id).toList());

        checkHoldsAndTasks(jdbc, tenantId);

        Map<UUID, AccountSums> result = new HashMap<>();
        for (Map.Entry<UUID, long[]> e : fromBlocks.entrySet()) {
            long[] d = deltas.getOrDefault(e.getKey(), new long[2]);
            long[] a = e.getValue();
            AccountSums sums = new AccountSums(d[0], d[1], a[0], a[1], a[2], a[3], a[4]);
            assertThat(sums.totalFromEntries()).as("account %s: Σ totalDelta of entries vs blocks %s", e.getKey(), sums)
                    .isEqualTo(sums.totalFromBlocks());
            assertThat(sums.availableFromEntries())
                    .as("account %s: Σ availableDelta of entries vs unspent of blocks %s", e.getKey(), sums)
                    .isEqualTo(sums.unspent());
            result.put(e.getKey(), sums);
        }
        return result;
    }

    /** Every hold agrees with its entries, and every task with its hold. */
    private static void checkHoldsAndTasks(JdbcClient jdbc, UUID tenantId) {
        jdbc.sql("""
                        select h.id, h.status, h.credits, h.consumed, h.restored,
                               coalesce(sum(e.credits) filter (where e.type = 'hold'), 0),
                               coalesce(sum(e.credits) filter (where e.type = 'release'), 0),
                               coalesce(sum(e.credits) filter (where e.type = 'consume'), 0),
                               coalesce(sum(e.credits) filter (where e.type in ('restore', 'grant')), 0),
                               t.id, t.status, t.credits_reserved, t.credits_used, t.credits_restored
                        from holds h
                        left join ledger_entries e on e.tenant_id = h.tenant_id and e.hold_id = h.id
                        left join tasks t on t.tenant_id = h.tenant_id and t.hold_id = h.id
                        where h.tenant_id = :tenant
                        group by h.id, h.status, h.credits, h.consumed, h.restored,
                                 t.id, t.status, t.credits_reserved, t.credits_used, t.credits_restored""")
                .param("tenant", tenantId)
                .query(rs -> {
                    String hold = "hold " + rs.getObject(1, UUID.class);
                    String status = rs.getString(2);
                    long credits = rs.getLong(3);
                    long consumed = rs.getLong(4);
                    long restored = rs.getLong(5);
                    long held = rs.getLong(6);
                    long released = rs.getLong(7);
                    long consumeEntries = rs.getLong(8);
                    long restoreEntries = rs.getLong(9);
                    assertThat(held).as("%s: hold entries vs credits", hold).isEqualTo(credits);
                    assertThat(consumeEntries).as("%s: consume entries vs consumed", hold).isEqualTo(consumed);
                    assertThat(restoreEntries).as("%s: restore entries vs restored", hold).isEqualTo(restored);
                    switch (status) {
                        case "held" -> assertThat(released + consumeEntries).as("%s is still held", hold).isZero();
                        case "settled" -> assertThat(released + consumeEntries).as("%s settled", hold)
                                .isEqualTo(credits);
                        case "released", "expired" -> assertThat(released).as("%s %s", hold, status)
                                .isEqualTo(credits);
                        default -> throw new AssertionError(hold + " has status " + status);
                    }
                    if (!"settled".equals(status)) {
                        assertThat(consumed).as("%s %s consumed", hold, status).isZero();
                    }
                    String task = rs.getString(10);
                    if (task == null) {
                        return;
                    }
                    String taskStatus = rs.getString(11);
                    String expected = switch (status) {
                        case "held" -> "reserved";
                        case "settled" -> restored > 0 ? "restored" : "completed";
                        case "released" -> "failed";
                        default -> "expired";
                    };
                    assertThat(taskStatus).as("task %s of %s", task, hold).isEqualTo(expected);
                    assertThat(rs.getLong(12)).as("task %s reserved", task).isEqualTo(credits);
                    assertThat(rs.getLong(13)).as("task %s used", task).isEqualTo(consumed);
                    assertThat(rs.getLong(14)).as("task %s restored", task).isEqualTo(restored);
                });
    }
}
