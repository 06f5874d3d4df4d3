package dev.creditdesk.billing.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.NewCharge;
import dev.creditdesk.billing.NewOrder;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.OrderKind;
import dev.creditdesk.billing.OrderStatus;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Limits;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrderController {

    static final Set<String> PROVIDERS = Set.of("manual", "stripe");
    /** Clocks differ; a purchase stamped this far ahead of ours is still accepted. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Orders orders;
    private final Catalog catalog;
    private final Accounts accounts;
    private final Clock clock;

    OrderController(Orders orders, Catalog catalog, Accounts accounts, Clock clock) {
        this.orders = orders;
        this.catalog = catalog;
        this.accounts = accounts;
        this.clock = clock;
    }

    record ChargeBody(@Schema(allowableValues = {"manual", "stripe"}, requiredMode = REQUIRED) String provider,
            @Schema(requiredMode = REQUIRED) String transactionId, String amount, Instant chargedAt) {
    }

    record OrderBody(@Schema(requiredMode = REQUIRED) UUID accountId,
            @Schema(requiredMode = REQUIRED) String orderNumber, String productId, Long credits, Long bonusCredits,
            Instant purchasedAt, String currency, String net, String tax, String fee, String total, ChargeBody charge,
            Map<String, String> metadata,
            @Schema(description = "The sales channel: web (default), app_store, play_store, api… (lower-case letters, "
                    + "digits and '_'); policies read it as order.channel") String channel) {
    }

    @ErrorAnswer(status = 422, when = "The product or currency does not fit")
    @Operation(operationId = "createOrder", summary = "Record an order",
            description = "An order is what the customer paid for: credits, a subscription or a product.")
    @PostMapping("/v1/orders")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    OrderView record(Caller caller, @RequestBody OrderBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.accountId() == null) {
            errors.add(new FieldProblem("account_id", "is required"));
        }
        String number = Fields.requiredText(body.orderNumber(), "order_number", Fields.MAX_TEXT, errors);
        CurrencyUnit currency = Amounts.currency(body.currency(), "currency", errors);
        Money net = Amounts.amount(body.net(), currency, "net", true, errors);
        Money tax = Amounts.amount(body.tax() == null ? "0" : body.tax(), currency, "tax", true, errors);
        Money fee = Amounts.amount(body.fee() == null ? "0" : body.fee(), currency, "fee", true, errors);
        Money total = Amounts.amount(body.total(), currency, "total", true, errors);
        if (net != null && net.isZero()) {
            errors.add(new FieldProblem("net", "must be more than zero"));
        }
        if (net != null && tax != null && fee != null && total != null && !total.isEqual(net.plus(tax).plus(fee))) {
            errors.add(new FieldProblem("total", "must equal net + tax + fee (" + Amounts.format(net.plus(tax).plus(fee)) + ")"));
        }
        Instant now = clock.instant();
        Instant purchasedAt = body.purchasedAt() == null ? now : body.purchasedAt();
        if (purchasedAt.isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new FieldProblem("purchased_at", "must not be in the future"));
        }
        NewCharge charge = charge(body.charge(), "charge.", total, purchasedAt, errors);
        SortedMap<String, String> metadata = Metadata.created(body.metadata(), errors);
        String channel = body.channel() == null ? Order.WEB : body.channel();
        if (!Order.CHANNEL.matcher(channel).matches()) {
            errors.add(new FieldProblem("channel", "must be a channel name such as web or app_store (lower-case "
                    + "letters, digits and '_', at most 32)"));
        }
        long credits = 0;
        long bonus = 0;
        if (body.productId() != null && (body.credits() != null || body.bonusCredits() != null)) {
            errors.add(new FieldProblem("credits", "give either product_id or credits and bonus_credits, not both"));
        } else if (body.productId() == null) {
            Long stated = Fields.requiredCredits(body.credits(), "credits", errors);
            credits = stated == null ? 0 : stated;
            bonus = body.bonusCredits() == null ? 0 : body.bonusCredits();
            if (bonus < 0 || bonus > Limits.MAX_CREDITS) {
                errors.add(new FieldProblem("bonus_credits", "must be between 0 and " + Limits.MAX_CREDITS));
            }
        }
        Fields.throwIfAny(errors);
        if (body.productId() != null) {
            Product product = catalog.find(caller.tenantId(), body.productId())
                    .orElseThrow(() -> ApiProblem.unprocessable("unknown-product", "product_id",
                            "is not a product in the catalog"));
            if (product.kind() != Product.Kind.PACKAGE) {
                throw ApiProblem.unprocessable("not-a-package", "product_id",
                        "is a plan; record plan periods through /v1/subscriptions");
            }
            if (!product.price().getCurrencyUnit().equals(currency)) {
                throw ApiProblem.unprocessable("currency-mismatch", "currency",
                        "must be the product's currency, " + product.price().getCurrencyUnit().getCode());
            }
            credits = product.credits();
            bonus = product.bonusCredits();
        }
        accounts.require(caller.tenantId(), body.accountId());
        OrderKind kind = body.productId() == null ? OrderKind.CUSTOM : OrderKind.PACKAGE;
        Order order = orders.record(caller.tenantId(), new NewOrder(body.accountId(), number, body.productId(), kind,
                null, null, null, purchasedAt, net, tax, fee, total, credits, bonus, null, charge, metadata, channel),
                caller.actor());
        return OrderView.of(order);
    }

    @Operation(operationId = "getOrder", summary = "Retrieve an order")
    @GetMapping("/v1/orders/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    OrderView get(Caller caller, @PathVariable String id) {
        return OrderView.of(orders.require(caller.tenantId(), Ids.parseOrNotFound("order", id)));
    }

    /** Orders newest first (when recorded); {@code account_id} and {@code order_number} filter. */
    @Operation(operationId = "listOrders", summary = "List orders",
            description = "Newest first. `account_id` and `order_number` filter.")
    @GetMapping("/v1/orders")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<OrderView> list(Caller caller, @RequestParam(name = "account_id", required = false) UUID accountId,
            @RequestParam(name = "order_number", required = false) String orderNumber,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        return page(caller, accountId, orderNumber, limit, startingAfter);
    }

    /** The same list as {@code GET /v1/orders?account_id=}, for an account that must exist (404 otherwise). */
    @Operation(operationId = "listAccountOrders", summary = "List an account's orders")
    @GetMapping("/v1/accounts/{id}/orders")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<OrderView> forAccount(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        UUID accountId = accounts.require(caller.tenantId(), Ids.parseOrNotFound("account", id)).id();
        return page(caller, accountId, null, limit, startingAfter);
    }

    private ListPage<OrderView> page(Caller caller, UUID accountId, String orderNumber, Integer limit,
            String startingAfter) {
        ListPage<Order> page = orders.page(caller.tenantId(), accountId, orderNumber, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(OrderView::of).toList(), page.hasMore(), page.nextCursor());
    }

    @ErrorAnswer(status = 422, when = "The currency does not fit the order")
    @Operation(operationId = "createOrderCharge", summary = "Record a charge on an order")
    @PostMapping("/v1/orders/{id}/charges")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    OrderView addCharge(Caller caller, @PathVariable String id, @RequestBody ChargeBody body) {
        Order order = orders.require(caller.tenantId(), Ids.parseOrNotFound("order", id));
        List<FieldProblem> errors = new ArrayList<>();
        NewCharge charge = charge(body, "", order.total(), clock.instant(), errors);
        Fields.throwIfAny(errors);
        orders.recordCharge(caller.tenantId(), order.id(), charge);
        return OrderView.of(orders.require(caller.tenantId(), order.id()));
    }

    @Operation(operationId = "deliverOrder", summary = "Mark an order delivered")
    @PostMapping("/v1/orders/{id}/deliver")
    @Allow({Role.SECRET, Role.ADMIN})
    OrderView deliver(Caller caller, @PathVariable String id) {
        return OrderView.of(orders.deliver(caller.tenantId(), Ids.parseOrNotFound("order", id)));
    }

    /** Reads a charge; its amount defaults to {@code defaultAmount} (the order's total). */
    private static NewCharge charge(ChargeBody body, String prefix, Money defaultAmount, Instant defaultTime,
            List<FieldProblem> errors) {
        if (body == null) {
            errors.add(new FieldProblem(prefix.isEmpty() ? "provider" : "charge", "is required"));
            return null;
        }
        if (body.provider() == null || !PROVIDERS.contains(body.provider())) {
            errors.add(new FieldProblem(prefix + "provider", "must be manual or stripe"));
        }
        String transactionId = Fields.requiredText(body.transactionId(), prefix + "transaction_id", Fields.MAX_TEXT, errors);
        Money amount = defaultAmount;
        if (body.amount() != null && defaultAmount != null) {
            amount = Amounts.amount(body.amount(), defaultAmount.getCurrencyUnit(), prefix + "amount", true, errors);
            if (amount != null && amount.isZero()) {
                errors.add(new FieldProblem(prefix + "amount", "must be more than zero"));
            }
        }
        return new NewCharge(body.provider(), transactionId, null, amount,
                body.chargedAt() == null ? defaultTime : body.chargedAt());
    }

    record ChargeView(String object, UUID id, @Schema(allowableValues = {"manual", "stripe"}) String provider,
            String transactionId, @Nullable String providerChargeId, String amount, String currency, boolean duplicate,
            Instant chargedAt) {
        static ChargeView of(Charge c) {
            return new ChargeView("charge", c.id(), c.provider(), c.transactionId(), c.providerChargeId(),
                    Amounts.format(c.amount()), c.amount().getCurrencyUnit().getCode(), c.duplicate(), c.chargedAt());
        }
    }

    record OrderView(String object, UUID id, UUID accountId, String orderNumber, @Nullable String productId,
            @Schema(implementation = OrderKind.class) String kind, @Nullable UUID subscriptionId,
            @Nullable Instant periodStart, @Nullable Instant periodEnd, Instant purchasedAt, String currency,
            @Nullable String net, @Nullable String tax, @Nullable String fee, String total, long credits,
            long bonusCredits, @Nullable Instant creditsExpireAt,
            @Schema(implementation = OrderStatus.class) String status, boolean delivered,
            @Nullable String undeliveredReason, String refunded, long duplicateCharges, List<ChargeView> charges,
            Map<String, String> metadata, String channel, Instant createdAt) {

        static OrderView of(Order o) {
            return new OrderView("order", o.id(), o.accountId(), o.orderNumber(), o.productId(), o.kind().wireName(),
                    o.subscriptionId(), o.periodStart(), o.periodEnd(), o.purchasedAt(),
                    o.total().getCurrencyUnit().getCode(), Amounts.format(o.net()), Amounts.format(o.tax()),
                    Amounts.format(o.fee()), Amounts.format(o.total()), o.credits(), o.bonusCredits(),
                    o.creditsExpireAt(), o.status().wireName(), o.delivered(), o.undeliveredReason(),
                    Amounts.format(o.refunded()), o.duplicateCharges(),
                    o.charges().stream().map(ChargeView::of).toList(), o.metadata(), o.channel(), o.createdAt());
        }
    }
}
