package dev.creditdesk.subscriptions.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.billing.Order;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.Role;
import dev.creditdesk.subscriptions.PeriodPayment;
import dev.creditdesk.subscriptions.Subscription;
import dev.creditdesk.subscriptions.Subscriptions;
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
class SubscriptionController {

    private static final Set<String> PROVIDERS = Set.of("manual", "stripe");
    private static final Set<String> STATUSES = Set.of("active", "ended");

    private final Subscriptions subscriptions;
    private final Catalog catalog;
    private final Clock clock;

    SubscriptionController(Subscriptions subscriptions, Catalog catalog, Clock clock) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.clock = clock;
    }

    record CreateBody(@Schema(requiredMode = REQUIRED) UUID accountId, @Schema(requiredMode = REQUIRED) String planId,
            @Schema(allowableValues = {"manual", "stripe"}) String provider, String providerSubscriptionId,
            Instant startedAt, String orderNumber, String transactionId, String net, String tax, String fee,
            Map<String, String> metadata,
            @Schema(description = "The sales channel: web (default), app_store, play_store, api…; each period's "
                    + "order carries it (order.channel)") String channel) {
    }

    record EndBody(@Schema(requiredMode = REQUIRED) String reason) {
    }

    record PeriodView(String object, UUID orderId, String orderNumber, Instant periodStart, Instant periodEnd,
            String total, long credits, String status) {
        static PeriodView of(Order o) {
            return new PeriodView("subscription_period", o.id(), o.orderNumber(), o.periodStart(), o.periodEnd(),
                    Amounts.format(o.total()), o.credits(), o.status().wireName());
        }
    }

    record SubscriptionView(String object, UUID id, UUID accountId, String planId,
            @Schema(allowableValues = {"manual", "stripe"}) String provider, @Nullable String providerSubscriptionId,
            @Schema(allowableValues = {"active", "ended"}) String status, boolean cancelAtPeriodEnd,
            Instant currentPeriodStart, Instant currentPeriodEnd, Instant createdAt, @Nullable Instant canceledAt,
            @Nullable Instant endedAt, @Nullable String endReason, @Nullable Instant suspendedAt,
            @Nullable String suspensionSource, @Nullable String suspensionSourceId, List<PeriodView> periods,
            Map<String, String> metadata, String channel, @Nullable Instant pausedUntil) {
        static SubscriptionView of(Subscription s, List<Order> periods) {
            return new SubscriptionView("subscription", s.id(), s.accountId(), s.planId(), s.provider(),
                    s.providerSubscriptionId(), s.status(), s.cancelAtPeriodEnd(), s.currentPeriodStart(),
                    s.currentPeriodEnd(), s.createdAt(), s.canceledAt(), s.endedAt(), s.endReason(),
                    s.suspendedAt(), s.suspensionSource(), s.suspensionSourceId(),
                    periods.stream().map(PeriodView::of).toList(), s.metadata(), s.channel(), s.pausedUntil());
        }
    }

    @ErrorAnswer(status = 422, when = "The plan is unknown or not a plan")
    @Operation(operationId = "createSubscription", summary = "Start a subscription")
    @PostMapping("/v1/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.ADMIN})
    SubscriptionView create(Caller caller, @RequestBody CreateBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.accountId() == null) {
            errors.add(new FieldProblem("account_id", "is required"));
        }
        String planId = Fields.requiredText(body.planId(), "plan_id", 64, errors);
        String provider = body.provider() == null ? "manual" : body.provider();
        if (!PROVIDERS.contains(provider)) {
            errors.add(new FieldProblem("provider", "must be manual or stripe"));
        }
        String providerId = Fields.optionalText(body.providerSubscriptionId(), "provider_subscription_id",
                Fields.MAX_TEXT, errors);
        if ("stripe".equals(provider) && providerId == null) {
            errors.add(new FieldProblem("provider_subscription_id", "is required for Stripe subscriptions"));
        }
        Instant now = clock.instant();
        Instant startedAt = body.startedAt() == null ? now : body.startedAt();
        if (startedAt.isAfter(now.plus(Duration.ofMinutes(5)))) {
            errors.add(new FieldProblem("started_at", "must not be in the future"));
        }
        String orderNumber = Fields.optionalText(body.orderNumber(), "order_number", Fields.MAX_TEXT, errors);
        String transactionId = Fields.optionalText(body.transactionId(), "transaction_id", Fields.MAX_TEXT, errors);
        SortedMap<String, String> metadata = Metadata.created(body.metadata(), errors);
        String channel = body.channel() == null ? Order.WEB : body.channel();
        if (!Order.CHANNEL.matcher(channel).matches()) {
            errors.add(new FieldProblem("channel", "must be a channel name such as web or app_store (lower-case "
                    + "letters, digits and '_', at most 32)"));
        }
        Fields.throwIfAny(errors);
        CurrencyUnit currency = catalog.find(caller.tenantId(), planId).map(Product::price)
                .map(Money::getCurrencyUnit).orElse(null);
        Money net = Amounts.amount(body.net(), currency, "net", false, errors);
        if (net != null && net.isZero()) {
            errors.add(new FieldProblem("net", "must be more than zero"));
        }
        Money tax = Amounts.amount(body.tax(), currency, "tax", false, errors);
        Money fee = Amounts.amount(body.fee(), currency, "fee", false, errors);
        Fields.throwIfAny(errors);
        Subscription subscription = subscriptions.create(caller.tenantId(), body.accountId(), planId, provider,
                providerId, startedAt, new PeriodPayment(orderNumber, transactionId, null, net, tax, fee, startedAt),
                metadata, channel, caller.actor());
        return view(caller, subscription);
    }

    @Operation(operationId = "getSubscription", summary = "Retrieve a subscription")
    @GetMapping("/v1/subscriptions/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    SubscriptionView get(Caller caller, @PathVariable String id) {
        return view(caller, subscriptions.require(caller.tenantId(), Ids.parseOrNotFound("subscription", id)));
    }

    /** Subscriptions newest first (when created); {@code account_id} and {@code status} filter. */
    @Operation(operationId = "listSubscriptions", summary = "List subscriptions",
            description = "Newest first. `account_id` and `status` filter.")
    @GetMapping("/v1/subscriptions")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<SubscriptionView> list(Caller caller,
            @RequestParam(name = "account_id", required = false) UUID accountId,
            @RequestParam(name = "status", required = false) @Schema(allowableValues = {"active", "ended"}) String status,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        if (status != null && !STATUSES.contains(status)) {
            Fields.throwIfAny(List.of(new FieldProblem("status", "must be one of active, ended")));
        }
        ListPage<Subscription> page = subscriptions.page(caller.tenantId(), accountId, status, startingAfter,
                ListPage.checkedLimit(limit));
        Map<UUID, List<Order>> periods = subscriptions.periods(caller.tenantId(),
                page.data().stream().map(Subscription::id).toList());
        return new ListPage<>(page.data().stream()
                .map(s -> SubscriptionView.of(s, periods.getOrDefault(s.id(), List.of()))).toList(),
                page.hasMore(), page.nextCursor());
    }

    @Operation(operationId = "cancelSubscription", summary = "Cancel a subscription at period end")
    @PostMapping("/v1/subscriptions/{id}/cancel")
    @Allow({Role.SECRET, Role.ADMIN})
    SubscriptionView cancel(Caller caller, @PathVariable String id) {
        return view(caller, subscriptions.cancel(caller.tenantId(), Ids.parseOrNotFound("subscription", id)));
    }

    @Operation(operationId = "endSubscription", summary = "End a subscription now")
    @PostMapping("/v1/subscriptions/{id}/end")
    @Allow({Role.SECRET, Role.ADMIN})
    SubscriptionView end(Caller caller, @PathVariable String id, @RequestBody EndBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String reason = Fields.requiredText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        return view(caller, subscriptions.end(caller.tenantId(), Ids.parseOrNotFound("subscription", id), reason));
    }

    private SubscriptionView view(Caller caller, Subscription subscription) {
        return SubscriptionView.of(subscription, subscriptions.periods(caller.tenantId(), subscription.id()));
    }
}
