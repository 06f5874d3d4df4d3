package dev.creditdesk.disputes.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.billing.Chargebacks;
import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Dispute.DisputeSuspension;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DisputeStore {

    private final JdbcClient jdbc;

    DisputeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID tenantId, Dispute d) {
        jdbc.sql("""
                        insert into disputes (tenant_id, id, order_id, account_id, provider, provider_dispute_id,
                                              transaction_id, status, outcome, reason, currency, amount, evidence_due_by,
                                              opened_at, closed_at, refund_request_id, policy_id, policy_version,
                                              policy_cite, created_by, created_at, updated_at)
                        values (:t, :id, :order, :account, :provider, :providerId, :txn, :status, :outcome, :reason,
                                :currency, :amount, :due, :opened, :closed, :request, :policy, :version, :cite,
                                :by, :now, :now)""")
                .param("t", tenantId).param("id", d.id()).param("order", d.orderId()).param("account", d.accountId())
                .param("provider", d.provider()).param("providerId", d.providerDisputeId())
                .param("txn", d.transactionId()).param("status", d.status()).param("outcome", d.outcome().wireName())
                .param("reason", d.reason()).param("currency", d.amount().getCurrencyUnit().getCode())
                .param("amount", d.amount().getAmount()).param("due", ts(d.evidenceDueBy()))
                .param("opened", ts(d.openedAt())).param("closed", ts(d.closedAt()))
                .param("request", d.refundRequestId()).param("policy", d.policyId())
                .param("version", d.policyVersion()).param("cite", d.policyCite()).param("by", d.createdBy())
                .param("now", ts(d.createdAt()))
                .update();
    }

    /** Moves the dispute to {@code status}; {@code closedAt} is set once, when it stops being open. */
    public void update(UUID tenantId, UUID id, String status, Dispute.Outcome outcome, Instant evidenceDueBy,
            Instant closedAt, Instant now) {
        jdbc.sql("""
                        update disputes set status = :status, outcome = :outcome,
                               evidence_due_by = coalesce(:due, evidence_due_by),
                               closed_at = coalesce(closed_at, :closed), updated_at = :now
                        where tenant_id = :t and id = :id""")
                .param("status", status).param("outcome", outcome.wireName()).param("due", ts(evidenceDueBy))
                .param("closed", ts(closedAt)).param("now", ts(now)).param("t", tenantId).param("id", id)
                .update();
    }

    public void recordSuspension(UUID tenantId, UUID disputeId, String kind, UUID targetId, long credits,
            Instant at) {
        jdbc.sql("""
                        insert into dispute_suspensions (tenant_id, dispute_id, kind, target_id, credits, created_at)
                        values (:t, :d, :kind, :target, :credits, :at)""")
                .param("t", tenantId).param("d", disputeId).param("kind", kind).param("target", targetId)
                .param("credits", credits).param("at", ts(at)).update();
    }

    public void settleSuspension(UUID tenantId, UUID disputeId, String kind, String settlement, Instant at) {
        jdbc.sql("""
                        update dispute_suspensions set settled_at = :at, settlement = :settlement
                        where tenant_id = :t and dispute_id = :d and kind = :kind and settled_at is null""")
                .param("at", ts(at)).param("settlement", settlement).param("t", tenantId).param("d", disputeId)
                .param("kind", kind).update();
    }

    /** Whether another open dispute already holds a suspension of this kind on this target. */
    public boolean suspendedByAnother(UUID tenantId, String kind, UUID targetId) {
        return jdbc.sql("""
                        select exists (select 1 from dispute_suspensions
                                       where tenant_id = :t and kind = :kind and target_id = :target
                                         and settled_at is null)""")
                .param("t", tenantId).param("kind", kind).param("target", targetId).query(Boolean.class).single();
    }

    public Optional<Dispute> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from disputes where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(DisputeStore::map).optional()
                .map(d -> withSuspensions(tenantId, List.of(d)).get(0));
    }

    /** Locks the dispute row: its transitions are serialised (webhook retries, support updates). */
    public Optional<Dispute> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from disputes where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query(DisputeStore::map).optional()
                .map(d -> withSuspensions(tenantId, List.of(d)).get(0));
    }

    public Optional<UUID> findByProviderId(UUID tenantId, String provider, String providerDisputeId) {
        return jdbc.sql("""
                        select id from disputes
                        where tenant_id = :t and provider = :p and provider_dispute_id = :pid""")
                .param("t", tenantId).param("p", provider).param("pid", providerDisputeId)
                .query(UUID.class).optional();
    }

    /** The latest dispute on the order opened at or before {@code at} (without its suspensions: facts need none). */
    public Optional<Dispute> latestForOrder(UUID tenantId, UUID orderId, Instant at) {
        return jdbc.sql("""
                        select * from disputes where tenant_id = :t and order_id = :order and opened_at <= :at
                        order by opened_at desc, id desc limit 1""")
                .param("t", tenantId).param("order", orderId).param("at", ts(at)).query(DisputeStore::map).optional();
    }

    /** The amount of the order's lost disputes, and the id of one still open (null when none). */
    public Chargebacks.OnOrder chargebacks(UUID tenantId, UUID orderId) {
        Map<String, BigDecimal> lostByTransaction = lostByTransaction(tenantId, orderId);
        return jdbc.sql("""
                        select coalesce(sum(amount) filter (where outcome = 'lost'), 0) as lost,
                               (array_agg(coalesce(provider_dispute_id, id::text) order by opened_at)
                                   filter (where outcome = 'open'))[1] as open_dispute
                        from disputes where tenant_id = :t and order_id = :order""")
                .param("t", tenantId).param("order", orderId)
                .query((rs, n) -> new Chargebacks.OnOrder(rs.getBigDecimal("lost"),
                        lostByTransaction, rs.getString("open_dispute")))
                .single();
    }

    private Map<String, BigDecimal> lostByTransaction(UUID tenantId, UUID orderId) {
        Map<String, BigDecimal> lost = new HashMap<>();
        jdbc.sql("""
                        select transaction_id, sum(amount) from disputes
                        where tenant_id = :t and order_id = :order and outcome = 'lost' and transaction_id is not null
                        group by transaction_id""")
                .param("t", tenantId).param("order", orderId)
                .query(rs -> {
                    lost.put(rs.getString(1), rs.getBigDecimal(2));
                });
        return lost;
    }

    public long countForAccount(UUID tenantId, UUID accountId) {
        return jdbc.sql("select count(*) from disputes where tenant_id = :t and account_id = :account")
                .param("t", tenantId).param("account", accountId).query(Long.class).single();
    }

    /** Newest first by (opened_at, id), after {@code after} when given; filters are optional. {@code state} is an outcome (open, won, lost) or a provider status. */
    public List<Dispute> list(UUID tenantId, String state, UUID orderId, UUID accountId, Dispute after, int limit) {
        List<Dispute> disputes = jdbc.sql("""
                        select * from disputes where tenant_id = :t
                          and (cast(:state as text) is null or outcome = :state or status = :state)
                          and (cast(:order as uuid) is null or order_id = :order)
                          and (cast(:account as uuid) is null or account_id = :account)
                          and (cast(:afterId as uuid) is null
                               or (opened_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid)))
                        order by opened_at desc, id desc limit :limit""")
                .param("t", tenantId).param("state", state).param("order", orderId).param("account", accountId)
                .param("afterAt", after == null ? null : ts(after.openedAt()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit).query(DisputeStore::map).list();
        return withSuspensions(tenantId, disputes);
    }

    /** Oldest first by (opened_at, id), newer than {@code before}: the page before it, turned around by the caller. */
    public List<Dispute> listBefore(UUID tenantId, String state, Dispute before, int limit) {
        List<Dispute> disputes = jdbc.sql("""
                        select * from disputes where tenant_id = :t
                          and (cast(:state as text) is null or outcome = :state or status = :state)
                          and (opened_at, id) > (cast(:beforeAt as timestamptz), cast(:beforeId as uuid))
                        order by opened_at, id limit :limit""")
                .param("t", tenantId).param("state", state).param("beforeAt", ts(before.openedAt()))
                .param("beforeId", before.id()).param("limit", limit).query(DisputeStore::map).list();
        return withSuspensions(tenantId, disputes);
    }

    /** The disputes with what each suspended, read in one query. */
    private List<Dispute> withSuspensions(UUID tenantId, List<Dispute> disputes) {
        if (disputes.isEmpty()) {
            return disputes;
        }
        Map<UUID, List<DisputeSuspension>> byDispute = new HashMap<>();
        jdbc.sql("""
                        select dispute_id, kind, target_id, credits, created_at, settled_at, settlement
                        from dispute_suspensions where tenant_id = :t and dispute_id = any(:ids)
                        order by created_at, kind""")
                .param("t", tenantId).param("ids", disputes.stream().map(Dispute::id).toArray(UUID[]::new))
                .query(rs -> {
                    byDispute.computeIfAbsent(rs.getObject(1, UUID.class), d -> new ArrayList<>())
                            .add(new DisputeSuspension(rs.getString(2), rs.getObject(3, UUID.class), rs.getLong(4),
                                    instant(rs, "created_at"), instant(rs, "settled_at"), rs.getString(7)));
                });
        return disputes.stream().map(d -> d.withSuspensions(byDispute.getOrDefault(d.id(), List.of()))).toList();
    }

    private static Money money(String code, java.math.BigDecimal amount) {
        CurrencyUnit currency = CurrencyUnit.of(code);
        return Money.of(currency, amount.setScale(currency.getDecimalPlaces(), java.math.RoundingMode.UNNECESSARY));
    }

    private static Dispute map(ResultSet rs, int row) throws SQLException {
        return new Dispute(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("provider"), rs.getString("provider_dispute_id"), rs.getString("transaction_id"),
                rs.getString("status"), Dispute.Outcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
                rs.getString("reason"), money(rs.getString("currency"), rs.getBigDecimal("amount")),
                instant(rs, "evidence_due_by"), instant(rs, "opened_at"), instant(rs, "closed_at"),
                rs.getObject("refund_request_id", UUID.class), rs.getString("policy_id"),
                rs.getString("policy_version"), rs.getString("policy_cite"), rs.getString("created_by"),
                instant(rs, "created_at"), instant(rs, "updated_at"), List.of());
    }
}
