package dev.creditdesk.billing;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Entitlement;
import dev.creditdesk.billing.internal.OrderStore;
import dev.creditdesk.ledger.BlockSource;
import dev.creditdesk.ledger.CreditBlock;
import dev.creditdesk.ledger.Grant;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records purchases and the charges that paid them, and delivers their credits: a refundable
 * purchased block at unit cost net ÷ credits, and a separate non-refundable bonus block.
 */
@Service
public class Orders {

    /** Unit costs keep 12 decimals; refunds are computed from the order's amounts, not from these. */
    static final int UNIT_COST_SCALE = 12;

    private final OrderStore store;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Orders(OrderStore store, Ledger ledger, Accounts accounts, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.ledger = ledger;
        this.accounts = accounts;
        this.clock = clock;
        this.events = events;
    }

    /** Records the order and its charge and delivers its credits, all in one transaction. */
    @Transactional
    public Order record(UUID tenantId, NewOrder command, String actor) {
        return record(tenantId, command, actor, null);
    }

    /**
     * Records a paid order whose credits are withheld for {@code withheldBecause} (its subscription
     * is suspended); {@link #deliver} delivers it once that is over.
     */
    @Transactional
    public Order recordWithheld(UUID tenantId, NewOrder command, String actor, String withheldBecause) {
        return record(tenantId, command, actor, java.util.Objects.requireNonNull(withheldBecause));
    }

    private Order record(UUID tenantId, NewOrder command, String actor, String withheldBecause) {
        accounts.require(tenantId, command.accountId());
        if (store.numberTaken(tenantId, command.orderNumber())) {
            UUID existing = store.findIdByNumber(tenantId, command.orderNumber()).orElseThrow();
            throw ApiProblem.conflict("order-number-taken", "Order number '" + command.orderNumber() + "' exists")
                    .with("field", "order_number").with("order_id", existing);
        }
        NewCharge charge = command.charge();
        store.findCharge(tenantId, charge.provider(), charge.transactionId()).ifPresent(existing -> {
            throw ApiProblem.conflict("charge-recorded", "Transaction " + charge.transactionId()
                    + " is already recorded on another order").with("field", "charge.transaction_id")
                    .with("order_id", existing.orderId());
        });
        Instant now = clock.instant();
        Order order = new Order(Ids.newId(clock), command.accountId(), command.orderNumber(), command.productId(),
                command.kind(), command.subscriptionId(), command.periodStart(), command.periodEnd(),
                command.purchasedAt(), command.net(), command.tax(), command.fee(), command.total(), command.credits(),
                command.bonusCredits(), command.creditsExpireAt(), OrderStatus.UNDELIVERED, null,
                command.total().multipliedBy(0), null, null, now, List.of(), command.metadata(), command.channel());
        store.insert(tenantId, order, actor);
        store.insertCharge(tenantId, new Charge(Ids.newId(clock), order.id(), charge.provider(),
                charge.transactionId(), charge.providerChargeId(), charge.amount(), false, charge.chargedAt()), now);
        if (withheldBecause != null) {
            store.markUndelivered(tenantId, order.id(), withheldBecause);
        } else {
            deliverIfPossible(tenantId, order);
        }
        return require(tenantId, order.id());
    }

    /** Delivers an undelivered order's credits, once the reason it could not be delivered is gone. */
    @Transactional
    public Order deliver(UUID tenantId, UUID orderId) {
        store.lock(tenantId, orderId);
        Order order = require(tenantId, orderId);
        if (order.delivered()) {
            throw ApiProblem.conflict("order-delivered", "The order's credits were already delivered");
        }
        if (!deliverIfPossible(tenantId, order)) {
            Order still = require(tenantId, orderId);
            throw ApiProblem.conflict("order-undeliverable", "The order cannot be delivered: "
                    + still.undeliveredReason());
        }
        return require(tenantId, orderId);
    }

    /**
     * Records another successful payment for an order. The same transaction again is a no-op
     * (provider retries); a different one on an order already paid is flagged as a duplicate charge.
     */
    @Transactional
    public Charge recordCharge(UUID tenantId, UUID orderId, NewCharge charge) {
        store.lock(tenantId, orderId);
        Order order = require(tenantId, orderId);
        Optional<Charge> existing = store.findCharge(tenantId, charge.provider(), charge.transactionId());
        if (existing.isPresent()) {
            if (!existing.get().orderId().equals(orderId)) {
                throw ApiProblem.conflict("charge-recorded", "Transaction " + charge.transactionId()
                        + " is already recorded on another order").with("field", "transaction_id");
            }
            if (charge.providerChargeId() != null) {
                store.setProviderChargeId(tenantId, existing.get().id(), charge.providerChargeId());
            }
            return existing.get();
        }
        if (!charge.amount().getCurrencyUnit().equals(order.total().getCurrencyUnit())) {
            throw ApiProblem.unprocessable("currency-mismatch", "currency",
                    "must be the order's currency, " + order.total().getCurrencyUnit().getCode());
        }
        Charge recorded = new Charge(Ids.newId(clock), orderId, charge.provider(), charge.transactionId(),
                charge.providerChargeId(), charge.amount(), !order.charges().isEmpty(), charge.chargedAt());
        store.insertCharge(tenantId, recorded, clock.instant());
        return recorded;
    }

    public Optional<Order> find(UUID tenantId, UUID orderId) {
        return store.find(tenantId, orderId);
    }

    public Order require(UUID tenantId, UUID orderId) {
        return store.find(tenantId, orderId).orElseThrow(() -> ApiProblem.notFound("order", orderId));
    }

    public Optional<Order> findByNumber(UUID tenantId, String orderNumber) {
        return store.findIdByNumber(tenantId, orderNumber).flatMap(id -> store.find(tenantId, id));
    }

    public Optional<Charge> findCharge(UUID tenantId, String provider, String transactionId) {
        return store.findCharge(tenantId, provider, transactionId);
    }

    public Optional<Charge> findChargeByProviderChargeId(UUID tenantId, String provider, String providerChargeId) {
        return store.findChargeByProviderChargeId(tenantId, provider, providerChargeId);
    }

    /** Orders newest first (by id: when recorded), by account and order number when given. */
    public ListPage<Order> page(UUID tenantId, UUID accountId, String orderNumber, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.accountOf(tenantId, after).filter(a -> accountId == null || a.equals(accountId))
                .isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, accountId, orderNumber, after, limit + 1), limit, Order::id);
    }

    public List<Order> forAccount(UUID tenantId, UUID accountId) {
        return store.idsForAccount(tenantId, accountId).stream().map(id -> require(tenantId, id)).toList();
    }

    /** The periods of each subscription named, by subscription id (a subscription without orders is absent). */
    public Map<UUID, List<Order>> forSubscriptions(UUID tenantId, List<UUID> subscriptionIds) {
        return store.forSubscriptions(tenantId, subscriptionIds).stream()
                .collect(Collectors.groupingBy(Order::subscriptionId));
    }

    public List<Order> forSubscription(UUID tenantId, UUID subscriptionId) {
        return store.idsForSubscription(tenantId, subscriptionId).stream().map(id -> require(tenantId, id)).toList();
    }

    /**
     * Orders whose service period overlaps {@code (from, to)}, delivered and not wholly refunded or
     * charged back: a subscription period from its start to its end, a package or custom order from
     * its purchase until its credits expire (or for good). Oldest purchase first.
     */
    public List<Order> inServiceDuring(UUID tenantId, java.time.Instant from, java.time.Instant to) {
        return store.idsInServiceDuring(tenantId, from, to).stream().map(id -> require(tenantId, id)).toList();
    }

    /** The ids of the orders purchased in [from, to), oldest first, at most {@code limit}. */
    public List<UUID> purchasedBetween(UUID tenantId, java.time.Instant from, java.time.Instant to, int limit) {
        return store.idsPurchasedBetween(tenantId, from, to, limit);
    }

    /** Marks the order charged back (a lost dispute). */
    @Transactional
    public void markChargedBack(UUID tenantId, UUID orderId) {
        if (store.setStatus(tenantId, orderId, OrderStatus.CHARGED_BACK)) {
            events.publishEvent(ResourceChanged.of(tenantId, EventType.ORDER_CHARGED_BACK, orderId));
        }
    }

    private boolean deliverIfPossible(UUID tenantId, Order order) {
        if (!accounts.entitlements(tenantId, order.accountId()).allows(Entitlement.ACCESS)) {
            store.markUndelivered(tenantId, order.id(), "the account's access is suspended");
            return false;
        }
        BlockSource source = order.kind() == OrderKind.SUBSCRIPTION_PERIOD ? BlockSource.SUBSCRIPTION
                : BlockSource.PURCHASE;
        BigDecimal unitCost = order.net().getAmount()
                .divide(BigDecimal.valueOf(order.credits()), UNIT_COST_SCALE, RoundingMode.HALF_EVEN);
        String reason = "order " + order.orderNumber();
        CreditBlock purchased = ledger.grant(new Grant(tenantId, order.accountId(), source, order.credits(),
                order.id(), unitCost, order.total().getCurrencyUnit(), true, order.creditsExpireAt(), reason));
        UUID bonusBlock = null;
        if (order.bonusCredits() > 0) {
            bonusBlock = ledger.grant(new Grant(tenantId, order.accountId(), BlockSource.BONUS, order.bonusCredits(),
                    order.id(), BigDecimal.ZERO, order.total().getCurrencyUnit(), false, order.creditsExpireAt(),
                    "bonus with " + reason)).id();
        }
        store.markDelivered(tenantId, order.id(), purchased.id(), bonusBlock);
        events.publishEvent(ResourceChanged.of(tenantId, EventType.ORDER_DELIVERED, order.id()));
        return true;
    }
}
