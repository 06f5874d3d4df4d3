package dev.creditdesk.billing.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.billing.ProviderRefund;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class RefundStore {

    public record Due(UUID tenantId, UUID id) {
    }

    private final JdbcClient jdbc;

    RefundStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID tenantId, ProviderRefund r, Instant nextAttempt) {
        jdbc.sql("""
                        insert into provider_refunds (tenant_id, id, order_id, charge_id, provider, currency, amount, status,
                                                      provider_refund_id, reason, requested_by, created_at, next_attempt_at,
                                                      completed_at)
                        values (:t, :id, :order, :charge, :provider, :currency, :amount, :status, :providerId, :reason,
                                :by, :created, :next, :completed)""")
                .param("t", tenantId).param("id", r.id()).param("order", r.orderId()).param("charge", r.chargeId())
                .param("provider", r.provider()).param("currency", r.amount().getCurrencyUnit().getCode())
                .param("amount", r.amount().getAmount()).param("status", r.status().wireName())
                .param("providerId", r.providerRefundId()).param("reason", r.reason()).param("by", r.requestedBy())
                .param("created", Timestamp.from(r.createdAt())).param("next", ts(nextAttempt))
                .param("completed", ts(r.completedAt()))
                .update();
    }

    public Optional<ProviderRefund> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from provider_refunds where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(RefundStore::map).optional();
    }

    public Optional<ProviderRefund> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from provider_refunds where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query(RefundStore::map).optional();
    }

    public Optional<ProviderRefund> findByProviderId(UUID tenantId, String provider, String providerRefundId) {
        return jdbc.sql("select * from provider_refunds where tenant_id = :t and provider = :p and provider_refund_id = :pid")
                .param("t", tenantId).param("p", provider).param("pid", providerRefundId)
                .query(RefundStore::map).optional();
    }

    public List<ProviderRefund> forOrder(UUID tenantId, UUID orderId) {
        return jdbc.sql("select * from provider_refunds where tenant_id = :t and order_id = :o order by created_at, id")
                .param("t", tenantId).param("o", orderId).query(RefundStore::map).list();
    }

    /**
     * Newest first by id, after {@code afterId} when given; by order and by the order's account when
     * not null.
     */
    public List<ProviderRefund> page(UUID tenantId, UUID orderId, UUID accountId, UUID afterId, int limit) {
        return jdbc.sql("""
                        select * from provider_refunds r where r.tenant_id = :t
                          and (cast(:order as uuid) is null or r.order_id = :order)
                          and (cast(:account as uuid) is null or r.order_id in
                                (select o.id from orders o where o.tenant_id = :t and o.account_id = :account))
                          and (cast(:after as uuid) is null or r.id < :after)
                        order by r.id desc limit :limit""")
                .param("t", tenantId).param("order", orderId).param("account", accountId).param("after", afterId)
                .param("limit", limit).query(RefundStore::map).list();
    }

    /** Amount refunded or on its way back (not failed or cancelled) from one charge. */
    public BigDecimal committedForCharge(UUID tenantId, UUID chargeId) {
        return jdbc.sql("""
                        select coalesce(sum(amount), 0) from provider_refunds
                        where tenant_id = :t and charge_id = :c and status in ('requested', 'pending', 'succeeded')""")
                .param("t", tenantId).param("c", chargeId).query(BigDecimal.class).single();
    }

    public void submitted(UUID tenantId, UUID id, ProviderRefund.Status status, String providerRefundId,
            String failureReason, Instant at) {
        jdbc.sql("""
                        update provider_refunds set status = :status, provider_refund_id = coalesce(:pid, provider_refund_id),
                               failure_reason = :failure, attempts = attempts + 1, submitted_at = :at,
                               next_attempt_at = null,
                               completed_at = case when :status in ('succeeded', 'failed', 'canceled') then cast(:at as timestamptz) end
                        where tenant_id = :t and id = :id""")
                .param("status", status.wireName()).param("pid", providerRefundId).param("failure", failureReason)
                .param("at", Timestamp.from(at)).param("t", tenantId).param("id", id).update();
    }

    public void retryLater(UUID tenantId, UUID id, String why, Instant next) {
        jdbc.sql("""
                        update provider_refunds set attempts = attempts + 1, failure_reason = :why, next_attempt_at = :next
                        where tenant_id = :t and id = :id""")
                .param("why", why).param("next", Timestamp.from(next)).param("t", tenantId).param("id", id).update();
    }

    public void complete(UUID tenantId, UUID id, ProviderRefund.Status status, String providerRefundId,
            String failureReason, Instant at) {
        jdbc.sql("""
                        update provider_refunds set status = :status, provider_refund_id = coalesce(:pid, provider_refund_id),
                               failure_reason = coalesce(:failure, failure_reason), completed_at = :at, next_attempt_at = null
                        where tenant_id = :t and id = :id""")
                .param("status", status.wireName()).param("pid", providerRefundId).param("failure", failureReason)
                .param("at", Timestamp.from(at)).param("t", tenantId).param("id", id).update();
    }

    /** Refunds written but not yet accepted by their provider, claimed so another node skips them. */
    public List<Due> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        select tenant_id, id from provider_refunds
                        where status = 'requested' and next_attempt_at <= :now
                        order by next_attempt_at limit :limit for update skip locked""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
    }

    private static ProviderRefund map(ResultSet rs, int row) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        return new ProviderRefund(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                rs.getObject("charge_id", UUID.class), rs.getString("provider"),
                OrderStore.money(currency, rs.getBigDecimal("amount")),
                ProviderRefund.Status.fromWire(rs.getString("status")), rs.getString("provider_refund_id"),
                rs.getString("reason"), rs.getString("failure_reason"), rs.getInt("attempts"),
                rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(), instant(rs, "submitted_at"),
                instant(rs, "completed_at"));
    }
}
