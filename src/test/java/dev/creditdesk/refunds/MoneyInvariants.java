package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the database and Stripe (WireMock's journal) hold about a tenant's money, read with plain
 * SQL independently of the code under test, for {@link MoneyPropertyIT}'s checks.
 */
final class MoneyInvariants {

    private MoneyInvariants() {
    }

    /** A refund as stored, with whether it pays back a duplicate charge. */
    record StoredRefund(UUID id, UUID orderId, UUID chargeId, BigDecimal amount, String status, String provider,
            boolean duplicateCharge) {
    }

    /** One of an order's credit blocks as stored. */
    record StoredBlock(UUID id, UUID orderId, String source, boolean refundable, boolean closed, long granted,
            long consumed, long held, long expired, long revoked, long suspended) {

        long unspent() {
            return granted - consumed - held - expired - revoked - suspended;
        }
    }

    /**
     * One charge: what it paid, what is refunded or on its way (requested, pending, succeeded), what
     * is disputed (open or lost) and what is charged back (lost). A dispute names its charge by
     * transaction id; one that names none disputes the order's original charge.
     */
    record ChargeMoney(UUID chargeId, UUID orderId, String orderNumber, String transactionId, boolean duplicate,
            BigDecimal paid, BigDecimal refunded, BigDecimal disputed, BigDecimal chargedBack) {
    }

    static List<ChargeMoney> charges(JdbcClient jdbc, UUID tenantId) {
        return jdbc.sql("""
                        select c.id, c.order_id, o.order_number, c.transaction_id, c.duplicate, c.amount,
                               (select coalesce(sum(r.amount), 0) from provider_refunds r
                                where r.tenant_id = c.tenant_id and r.charge_id = c.id
                                  and r.status in ('requested', 'pending', 'succeeded')),
                               (select coalesce(sum(d.amount) filter (where d.outcome <> 'won'), 0)
                                from disputes d where d.tenant_id = c.tenant_id and d.order_id = c.order_id
                                  and (d.transaction_id = c.transaction_id
                                       or (d.transaction_id is null and not c.duplicate))),
                               (select coalesce(sum(d.amount) filter (where d.outcome = 'lost'), 0)
                                from disputes d where d.tenant_id = c.tenant_id and d.order_id = c.order_id
                                  and (d.transaction_id = c.transaction_id
                                       or (d.transaction_id is null and not c.duplicate)))
                        from charges c join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
                        where c.tenant_id = :t order by o.created_at, o.id, c.charged_at, c.id""")
                .param("t", tenantId)
                .query((rs, n) -> new ChargeMoney(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9)))
                .list();
    }

    /** Each order's {@code refunded} is what the succeeded refunds of its own (not duplicate) charges add up to. */
    static void checkOrdersRefunded(JdbcClient jdbc, UUID tenantId) {
        jdbc.sql("""
                        select o.order_number, o.refunded,
                               (select coalesce(sum(r.amount), 0) from provider_refunds r
                                join charges c on c.tenant_id = r.tenant_id and c.id = r.charge_id
                                where r.tenant_id = o.tenant_id and r.order_id = o.id and r.status = 'succeeded'
                                  and not c.duplicate)
                        from orders o where o.tenant_id = :t""")
                .param("t", tenantId)
                .query(rs -> {
                    assertThat(rs.getBigDecimal(2)).as("refunded of order %s vs its succeeded refunds", rs.getString(1))
                            .isEqualByComparingTo(rs.getBigDecimal(3));
                });
    }

    static List<StoredRefund> refunds(JdbcClient jdbc, UUID tenantId) {
        return jdbc.sql("""
                        select r.id, r.order_id, r.charge_id, r.amount, r.status, r.provider, c.duplicate
                        from provider_refunds r join charges c on c.tenant_id = r.tenant_id and c.id = r.charge_id
                        where r.tenant_id = :t order by r.created_at, r.id""")
                .param("t", tenantId)
                .query((rs, n) -> new StoredRefund(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getBigDecimal(4), rs.getString(5), rs.getString(6),
                        rs.getBoolean(7)))
                .list();
    }

    /** The tenant's last ledger entry: entries of a later step have higher ids. */
    static long entryMark(JdbcClient jdbc, UUID tenantId) {
        return jdbc.sql("select coalesce(max(id), 0) from ledger_entries where tenant_id = :t")
                .param("t", tenantId).query(Long.class).single();
    }

    /** The blocks of the tenant's orders, by order. */
    static Map<UUID, List<StoredBlock>> blocksByOrder(JdbcClient jdbc, UUID tenantId) {
        Map<UUID, List<StoredBlock>> blocks = new HashMap<>();
        jdbc.sql("""
                        select id, order_id, source, refundable, closed_at is not null, granted, consumed, held,
                               expired, revoked, suspended
                        from credit_blocks where tenant_id = :t and order_id is not null""")
                .param("t", tenantId)
                .query(rs -> {
                    StoredBlock b = new StoredBlock(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getBoolean(4), rs.getBoolean(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11));
                    blocks.computeIfAbsent(b.orderId(), o -> new ArrayList<>()).add(b);
                });
        return blocks;
    }

    /** Credits revoked from the order's blocks after entry {@code since}, but for releases onto closed blocks. */
    static long revokedSince(JdbcClient jdbc, UUID tenantId, UUID orderId, long since) {
        return jdbc.sql("""
                        select coalesce(sum(e.credits), 0) from ledger_entries e
                        join credit_blocks b on b.tenant_id = e.tenant_id and b.id = e.block_id
                        where e.tenant_id = :t and b.order_id = :o and e.id > :since and e.type = 'revoke'
                          and e.reason is distinct from 'block closed'""")
                .param("t", tenantId).param("o", orderId).param("since", since)
                .query(Long.class).single();
    }

    /** Credits closed blocks took back (a release onto them revoked) between two entries. */
    static long revokedByClosedBlocks(JdbcClient jdbc, UUID tenantId, Set<UUID> blocks, long since, long until) {
        if (blocks.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        select coalesce(sum(credits), 0) from ledger_entries
                        where tenant_id = :t and type = 'revoke' and reason = 'block closed'
                          and block_id in (:blocks) and id > :since and id <= :until""")
                .param("t", tenantId).param("blocks", blocks).param("since", since).param("until", until)
                .query(Long.class).single();
    }

    /** Purchased or bonus credits granted to the order's blocks after entry {@code since}. */
    static long grantedSince(JdbcClient jdbc, UUID tenantId, UUID orderId, long since) {
        return jdbc.sql("""
                        select coalesce(sum(e.credits), 0) from ledger_entries e
                        join credit_blocks b on b.tenant_id = e.tenant_id and b.id = e.block_id
                        where e.tenant_id = :t and b.order_id = :o and e.id > :since and e.type = 'grant'
                          and b.source in ('purchase', 'bonus')""")
                .param("t", tenantId).param("o", orderId).param("since", since)
                .query(Long.class).single();
    }

    /**
     * Each of {@code refunds} (id → amount) reached Stripe once: after Stripe answered it (anything
     * but a 5xx) it was never sent again, and it asked for its own amount.
     */
    static void checkSentOnce(WireMockServer stripe, Map<UUID, BigDecimal> refunds) {
        Map<String, UUID> byKey = new HashMap<>();
        refunds.keySet().forEach(id -> byKey.put("creditdesk-refund-" + id, id));
        Map<UUID, List<ServeEvent>> sent = new HashMap<>();
        for (ServeEvent event : stripe.getAllServeEvents()) {
            UUID refund = byKey.get(event.getRequest().getHeader("Idempotency-Key"));
            if (refund != null) {
                sent.computeIfAbsent(refund, r -> new ArrayList<>()).add(event);
            }
        }
        sent.forEach((refund, events) -> {
            List<ServeEvent> inOrder = events.stream()
                    .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
            for (int i = 0; i < inOrder.size() - 1; i++) {
                int status = inOrder.get(i).getResponse().getStatus();
                assertThat(status).as("refund %s was sent to Stripe again after Stripe answered %s (%s requests)",
                        refund, status, inOrder.size()).isGreaterThanOrEqualTo(500);
            }
            Pattern amount = Pattern.compile("(^|&)amount=" + refunds.get(refund).movePointRight(2).longValueExact()
                    + "(&|$)");
            for (ServeEvent event : inOrder) {
                assertThat(event.getRequest().getBodyAsString()).as("what Stripe was asked for refund %s", refund)
                        .containsPattern(amount);
            }
        });
    }
}
