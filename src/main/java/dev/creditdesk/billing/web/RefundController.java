package dev.creditdesk.billing.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.billing.internal.PaymentSettingsStore;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

/** Refunds to the original payment method, and the tenant's payment provider settings. */
@RestController
class RefundController {

    private final Refunds refunds;
    private final Orders orders;
    private final PaymentSettingsStore settings;
    private final Clock clock;

    RefundController(Refunds refunds, Orders orders, PaymentSettingsStore settings, Clock clock) {
        this.refunds = refunds;
        this.orders = orders;
        this.settings = settings;
        this.clock = clock;
    }

    record RefundBody(@Schema(requiredMode = REQUIRED) UUID orderId, UUID chargeId, String amount,
            @Schema(requiredMode = REQUIRED) String reason) {
    }

    record SettingsBody(String stripeApiKey, String stripeWebhookSecret) {
    }

    record SettingsView(String object, boolean stripeApiKeySet, boolean stripeWebhookSecretSet, String webhookPath) {
    }

    record RefundView(String object, UUID id, UUID orderId, @Nullable UUID chargeId,
            @Schema(allowableValues = {"manual", "stripe"}) String provider, String amount, String currency,
            @Schema(implementation = ProviderRefund.Status.class) String status, @Nullable String providerRefundId,
            String reason, @Nullable String failureReason, int attempts, @Nullable String requestedBy,
            Instant createdAt, @Nullable Instant submittedAt, @Nullable Instant completedAt) {
        static RefundView of(ProviderRefund r) {
            return new RefundView("refund", r.id(), r.orderId(), r.chargeId(), r.provider(), Amounts.format(r.amount()),
                    r.amount().getCurrencyUnit().getCode(), r.status().wireName(), r.providerRefundId(), r.reason(),
                    r.failureReason(), r.attempts(), r.requestedBy(), r.createdAt(), r.submittedAt(), r.completedAt());
        }
    }

    /** Refunds money directly (outside a refund request), for administrators. */
    @ErrorAnswer(status = 422, when = "The charge, currency or amount does not fit the order")
    @Operation(operationId = "createRefund", summary = "Refund money on an order",
            description = "Sends the refund to the payment provider (Stripe) or records a manual one.")
    @PostMapping("/v1/refunds")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow(Role.ADMIN)
    RefundView refund(Caller caller, @RequestBody RefundBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.orderId() == null) {
            errors.add(new FieldProblem("order_id", "is required"));
        }
        String reason = Fields.requiredText(body.reason(), "reason", Fields.MAX_NOTE, errors);
        Fields.throwIfAny(errors);
        Order order = orders.require(caller.tenantId(), body.orderId());
        Money amount = Amounts.amount(body.amount(), order.total().getCurrencyUnit(), "amount", true, errors);
        if (amount != null && amount.isZero()) {
            errors.add(new FieldProblem("amount", "must be more than zero"));
        }
        Fields.throwIfAny(errors);
        return RefundView.of(refunds.request(caller.tenantId(), order.id(), body.chargeId(), amount, reason,
                caller.actor()));
    }

    @Operation(operationId = "getRefund", summary = "Retrieve a refund")
    @GetMapping("/v1/refunds/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    RefundView get(Caller caller, @PathVariable String id) {
        return RefundView.of(refunds.require(caller.tenantId(), Ids.parseOrNotFound("refund", id)));
    }

    /** Refunds newest first (when requested); {@code order_id} and {@code account_id} filter. */
    @Operation(operationId = "listRefunds", summary = "List refunds",
            description = "Newest first. `order_id` and `account_id` filter.")
    @GetMapping("/v1/refunds")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<RefundView> list(Caller caller, @RequestParam(name = "order_id", required = false) UUID orderId,
            @RequestParam(name = "account_id", required = false) UUID accountId,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        return page(caller, orderId, accountId, limit, startingAfter);
    }

    /** The same list as {@code GET /v1/refunds?order_id=}, for an order that must exist (404 otherwise). */
    @Operation(operationId = "listOrderRefunds", summary = "List the refunds of an order")
    @GetMapping("/v1/orders/{id}/refunds")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<RefundView> forOrder(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        Order order = orders.require(caller.tenantId(), Ids.parseOrNotFound("order", id));
        return page(caller, order.id(), null, limit, startingAfter);
    }

    private ListPage<RefundView> page(Caller caller, UUID orderId, UUID accountId, Integer limit,
            String startingAfter) {
        ListPage<ProviderRefund> page = refunds.page(caller.tenantId(), orderId, accountId, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(RefundView::of).toList(), page.hasMore(), page.nextCursor());
    }

    /** An operator of a manual payment confirms the money was sent back. */
    @Operation(operationId = "markRefundSent", summary = "Mark a manual refund as sent")
    @PostMapping("/v1/refunds/{id}/mark-sent")
    @Allow(Role.ADMIN)
    RefundView markSent(Caller caller, @PathVariable String id) {
        return RefundView.of(refunds.markSent(caller.tenantId(), Ids.parseOrNotFound("refund", id)));
    }

    @Operation(operationId = "updatePaymentSettings", summary = "Update the payment settings")
    @PostMapping("/v1/payment-settings")
    @Allow(Role.ADMIN)
    SettingsView saveSettings(Caller caller, @RequestBody SettingsBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String key = Fields.optionalText(body.stripeApiKey(), "stripe_api_key", Fields.MAX_TEXT, errors);
        String secret = Fields.optionalText(body.stripeWebhookSecret(), "stripe_webhook_secret", Fields.MAX_TEXT, errors);
        if (key != null && !key.startsWith("sk_") && !key.startsWith("rk_")) {
            errors.add(new FieldProblem("stripe_api_key", "must be a Stripe secret or restricted key (sk_… or rk_…)"));
        }
        if (secret != null && !secret.startsWith("whsec_")) {
            errors.add(new FieldProblem("stripe_webhook_secret", "must be a Stripe signing secret (whsec_…)"));
        }
        Fields.throwIfAny(errors);
        settings.save(caller.tenantId(), key, secret, clock.instant());
        return settings(caller);
    }

    @Operation(operationId = "getPaymentSettings", summary = "Retrieve the payment settings")
    @GetMapping("/v1/payment-settings")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    SettingsView settings(Caller caller) {
        var current = settings.find(caller.tenantId()).orElse(new PaymentSettingsStore.Settings(null, null));
        return new SettingsView("payment_settings", current.stripeApiKey() != null,
                current.stripeWebhookSecret() != null, "/v1/webhooks/stripe/" + caller.tenantId());
    }
}
