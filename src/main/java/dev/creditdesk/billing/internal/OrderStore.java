package dev.creditdesk.billing.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.OrderKind;
import dev.creditdesk.billing.OrderStatus;
import dev.creditdesk.shared.Metadata;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class OrderStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public boolean numberTaken(UUID tenantId, String orderNumber) {
        return jdbc.sql("select exists (select 1 from orders where tenant_id = :t and order_number = :n)")
                .param("t", tenantId).param("n", orderNumber).query(Boolean.class).single();
    }

    public void insert(UUID tenantId, Order o, String createdBy) {
        jdbc.sql("""
                        insert into orders (tenant_id, id, account_id, order_number, product_id, kind, subscription_id,
                                            period_start, period_end, purchased_at, currency, net, tax, fee, total,
                                            credits, bonus_credits, credits_expire_at, status, created_by, created_at,
                                            metadata, channel)
                        values (:t, :id, :account, :number, :product, :kind, :subscription, :periodStart, :periodEnd,
                                :purchased, :currency, :net, :tax, :fee, :total, :credits, :bonus, :expires,
                                'undelivered', :by, :created, cast(:metadata as jsonb), :channel)""")
                .param("channel", o.channel())
                .param("metadata", Metadata.toJson(json, o.metadata()))
                .param("t", tenantId).param("id", o.id()).param("account", o.accountId())
                .param("number", o.orderNumber()).param("product", o.productId()).param("kind", o.kind().wireName())
                .param("subscription", o.subscriptionId()).param("periodStart", ts(o.periodStart()))
                .param("periodEnd", ts(o.periodEnd())).param("purchased", ts(o.purchasedAt()))
                .param("currency", o.total().getCurrencyUnit().getCode()).param("net", o.net().getAmount())
                .param("tax", o.tax().getAmount()).param("fee", o.fee().getAmount())
                .param("total", o.total().getAmount()).param("credits", o.credits()).param("bonus", o.bonusCredits())
                .param("expires", ts(o.creditsExpireAt())).param("by", createdBy).param("created", ts(o.createdAt()))
                .update();
    }

    public void markDelivered(UUID tenantId, UUID orderId, UUID purchasedBlock, UUID bonusBlock) {
        jdbc.sql("""
                        update orders set status = 'delivered', undelivered_reason = null,
                               purchased_block_id = :purchased, bonus_block_id = :bonus
                        where tenant_id = :t and id = :id and status = 'undelivered'""")
                .param("purchased", purchasedBlock).param("bonus", bonusBlock).param("t", tenantId).param("id", orderId)
                .update();
    }

    public void markUndelivered(UUID tenantId, UUID orderId, String reason) {
        jdbc.sql("update orders set undelivered_reason = :reason where tenant_id = :t and id = :id")
                .param("reason", reason).param("t", tenantId).param("id", orderId).update();
    }

    /** Adds a completed refund to the order and moves it to partially refunded or refunded. */
    public void addRefunded(UUID tenantId, UUID orderId, BigDecimal amount) {
        jdbc.sql("""
                        update orders set refunded = refunded + :amount,
                               status = case when status = 'charged_back' then status
                                             when refunded + :amount >= total then 'refunded'
                                             else 'partially_refunded' end
                        where tenant_id = :t and id = :id""")
                .param("amount", amount).param("t", tenantId).param("id", orderId).update();
    }

    /** Sets the order's status; answers whether it was another one before. */
    public boolean setStatus(UUID tenantId, UUID orderId, OrderStatus status) {
        return jdbc.sql("update orders set status = :status where tenant_id = :t and id = :id and status <> :status")
                .param("status", status.wireName()).param("t", tenantId).param("id", orderId).update() == 1;
    }

    /** Locks the order row, for changes that must not interleave (charges, refunds). */
    public void lock(UUID tenantId, UUID orderId) {
        jdbc.sql("select 1 from orders where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", orderId).query(Integer.class).optional();
    }

    public Optional<Order> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from orders where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query((rs, n) -> order(rs, charges(tenantId, id))).optional();
    }

    /** The account of order {@code id}, if the tenant has it. */
    public Optional<UUID> accountOf(UUID tenantId, UUID id) {
        return jdbc.sql("select account_id from orders where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(UUID.class).optional();
    }

    /** Newest first by id, after {@code afterId} when given; filters null for any. Charges read in one query. */
    public List<Order> page(UUID tenantId, UUID accountId, String orderNumber, UUID afterId, int limit) {
        List<Order> rows = jdbc.sql("""
                        select * from orders where tenant_id = :t
                          and (cast(:account as uuid) is null or account_id = :account)
                          and (cast(:number as text) is null or order_number = :number)
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("t", tenantId).param("account", accountId).param("number", orderNumber)
                .param("after", afterId).param("limit", limit)
                .query((rs, n) -> order(rs, List.of())).list();
        return withCharges(tenantId, rows);
    }

    /** The periods (orders) of each of {@code subscriptionIds}, in period order, read in two queries. */
    public List<Order> forSubscriptions(UUID tenantId, List<UUID> subscriptionIds) {
        if (subscriptionIds.isEmpty()) {
            return List.of();
        }
        List<Order> rows = jdbc.sql("""
                        select * from orders where tenant_id = :t and subscription_id = any(:ids)
                        order by period_start, id""")
                .param("t", tenantId).param("ids", subscriptionIds.toArray(UUID[]::new))
                .query((rs, n) -> order(rs, List.of())).list();
        return withCharges(tenantId, rows);
    }

    private List<Order> withCharges(UUID tenantId, List<Order> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<UUID, List<Charge>> charges = jdbc.sql("""
                        select * from charges where tenant_id = :t and order_id = any(:ids)
                        order by duplicate, charged_at, id""")
                .param("t", tenantId).param("ids", rows.stream().map(Order::id).toArray(UUID[]::new))
                .query(OrderStore::charge).list().stream()
                .collect(Collectors.groupingBy(Charge::orderId));
        return rows.stream().map(o -> withCharges(o, charges.getOrDefault(o.id(), List.of()))).toList();
    }

    private static Order withCharges(Order o, List<Charge> charges) {
        return new Order(o.id(), o.accountId(), o.orderNumber(), o.productId(), o.kind(), o.subscriptionId(),
                o.periodStart(), o.periodEnd(), o.purchasedAt(), o.net(), o.tax(), o.fee(), o.total(), o.credits(),
                o.bonusCredits(), o.creditsExpireAt(), o.status(), o.undeliveredReason(), o.refunded(),
                o.purchasedBlockId(), o.bonusBlockId(), o.createdAt(), charges, o.metadata(), o.channel());
    }

    public Optional<UUID> findIdByNumber(UUID tenantId, String orderNumber) {
        return jdbc.sql("select id from orders where tenant_id = :t and order_number = :n")
                .param("t", tenantId).param("n", orderNumber).query(UUID.class).optional();
    }

    public List<UUID> idsForAccount(UUID tenantId, UUID accountId) {
        return jdbc.sql("select id from orders where tenant_id = :t and account_id = :a order by purchased_at, id")
                .param("t", tenantId).param("a", accountId).query(UUID.class).list();
    }

    public List<UUID> idsForSubscription(UUID tenantId, UUID subscriptionId) {
        return jdbc.sql("select id from orders where tenant_id = :t and subscription_id = :s order by period_start")
                .param("t", tenantId).param("s", subscriptionId).query(UUID.class).list();
    }

    public List<UUID> idsInServiceDuring(UUID tenantId, Instant from, Instant to) {
        return jdbc.sql("""
                        select id from orders where tenant_id = :t and status in ('delivered', 'partially_refunded')
                          and case when kind = 'subscription_period'
                                   then period_start < :to and period_end > :from
                                   else purchased_at < :to and (credits_expire_at is null or credits_expire_at > :from)
                              end
                        order by purchased_at, id""")
                .param("t", tenantId).param("from", ts(from)).param("to", ts(to)).query(UUID.class).list();
    }

    /** The ids of the orders purchased in [from, to), oldest first, at most {@code limit}. */
    public List<UUID> idsPurchasedBetween(UUID tenantId, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        select id from orders where tenant_id = :t and purchased_at >= :from and purchased_at < :to
                        order by purchased_at, id limit :n""")
                .param("t", tenantId).param("from", ts(from)).param("to", ts(to)).param("n", limit)
                .query(UUID.class).list();
    }

    public void insertCharge(UUID tenantId, Charge c, Instant createdAt) {
        jdbc.sql("""
                        insert into charges (tenant_id, id, order_id, provider, transaction_id, provider_charge_id,
                                             currency, amount, duplicate, charged_at, created_at)
                        values (:t, :id, :order, :provider, :txn, :chargeId, :currency, :amount, :duplicate,
                                :charged, :created)""")
                .param("t", tenantId).param("id", c.id()).param("order", c.orderId()).param("provider", c.provider())
                .param("txn", c.transactionId()).param("chargeId", c.providerChargeId())
                .param("currency", c.amount().getCurrencyUnit().getCode()).param("amount", c.amount().getAmount())
                .param("duplicate", c.duplicate()).param("charged", ts(c.chargedAt())).param("created", ts(createdAt))
                .update();
    }

    public void setProviderChargeId(UUID tenantId, UUID chargeId, String providerChargeId) {
        jdbc.sql("update charges set provider_charge_id = :pc where tenant_id = :t and id = :id and provider_charge_id is null")
                .param("pc", providerChargeId).param("t", tenantId).param("id", chargeId).update();
    }

    public Optional<Charge> findCharge(UUID tenantId, String provider, String transactionId) {
        return jdbc.sql("select * from charges where tenant_id = :t and provider = :p and transaction_id = :txn")
                .param("t", tenantId).param("p", provider).param("txn", transactionId)
                .query(OrderStore::charge).optional();
    }

    public Optional<Charge> findChargeByProviderChargeId(UUID tenantId, String provider, String providerChargeId) {
        return jdbc.sql("select * from charges where tenant_id = :t and provider = :p and provider_charge_id = :pc")
                .param("t", tenantId).param("p", provider).param("pc", providerChargeId)
                .query(OrderStore::charge).optional();
    }

    public List<Charge> charges(UUID tenantId, UUID orderId) {
        return jdbc.sql("select * from charges where tenant_id = :t and order_id = :o order by duplicate, charged_at, id")
                .param("t", tenantId).param("o", orderId).query(OrderStore::charge).list();
    }

    private Order order(ResultSet rs, List<Charge> charges) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        return new Order(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("order_number"), rs.getString("product_id"), OrderKind.fromWire(rs.getString("kind")),
                rs.getObject("subscription_id", UUID.class), instant(rs, "period_start"), instant(rs, "period_end"),
                instant(rs, "purchased_at"), money(currency, rs.getBigDecimal("net")),
                money(currency, rs.getBigDecimal("tax")), money(currency, rs.getBigDecimal("fee")),
                money(currency, rs.getBigDecimal("total")), rs.getLong("credits"), rs.getLong("bonus_credits"),
                instant(rs, "credits_expire_at"), OrderStatus.fromWire(rs.getString("status")),
                rs.getString("undelivered_reason"), money(currency, rs.getBigDecimal("refunded")),
                rs.getObject("purchased_block_id", UUID.class), rs.getObject("bonus_block_id", UUID.class),
                instant(rs, "created_at"), charges, Metadata.fromJson(json, rs.getString("metadata")),
                rs.getString("channel"));
    }

    private static Charge charge(ResultSet rs, int row) throws SQLException {
        CurrencyUnit currency = CurrencyUnit.of(rs.getString("currency"));
        return new Charge(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                rs.getString("provider"), rs.getString("transaction_id"), rs.getString("provider_charge_id"),
                money(currency, rs.getBigDecimal("amount")), rs.getBoolean("duplicate"), instant(rs, "charged_at"));
    }

    static Money money(CurrencyUnit currency, BigDecimal amount) {
        return Money.of(currency, amount.setScale(currency.getDecimalPlaces(), java.math.RoundingMode.UNNECESSARY));
    }
}
