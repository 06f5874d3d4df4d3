package dev.creditdesk.disputes.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.disputes.NewDispute;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.ApiProblem;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

@RestController
class DisputeController {

    private final Disputes disputes;
    private final Orders orders;
    private final Clock clock;

    DisputeController(Disputes disputes, Orders orders, Clock clock) {
        this.disputes = disputes;
        this.orders = orders;
        this.clock = clock;
    }

    record CreateBody(UUID orderId, String transactionId, String providerDisputeId,
            @Schema(allowableValues = {"warning_needs_response", "warning_under_review", "warning_closed",
                    "needs_response", "under_review", "won", "lost", "prevented"}) String status,
            @Schema(requiredMode = REQUIRED) String reason, String amount, String currency, Instant evidenceDueBy,
            Instant openedAt) {
    }

    record UpdateBody(
            @Schema(allowableValues = {"warning_needs_response", "warning_under_review", "warning_closed",
                    "needs_response", "under_review", "won", "lost", "prevented"}) String status,
            Instant evidenceDueBy) {
    }

    record SuspensionView(String kind, UUID targetId, long credits, Instant createdAt, @Nullable Instant settledAt,
            @Nullable String settlement) {
        static SuspensionView of(Dispute.DisputeSuspension s) {
            return new SuspensionView(s.kind(), s.targetId(), s.credits(), s.createdAt(), s.settledAt(),
                    s.settlement());
        }
    }

    record DisputeView(String object, UUID id, UUID orderId, UUID accountId,
            @Schema(allowableValues = {"manual", "stripe"}) String provider, @Nullable String providerDisputeId,
            @Nullable String transactionId, @Schema(allowableValues = {"warning_needs_response", "warning_under_review",
                "warning_closed", "needs_response", "under_review", "won", "lost", "prevented"}) String status,
            @Schema(implementation = Dispute.Outcome.class) String outcome, String reason, String amount,
            String currency, @Nullable Instant evidenceDueBy, Instant openedAt, @Nullable Instant closedAt,
            @Nullable UUID refundRequestId, @Nullable String policyId, @Nullable String policyVersion,
            @Nullable String policyCite, @Nullable String createdBy, @Nullable Instant updatedAt,
            List<SuspensionView> suspensions) {
        static DisputeView of(Dispute d) {
            return new DisputeView("dispute", d.id(), d.orderId(), d.accountId(), d.provider(), d.providerDisputeId(),
                    d.transactionId(), d.status(), d.outcome().wireName(), d.reason(), Amounts.format(d.amount()),
                    d.amount().getCurrencyUnit().getCode(), d.evidenceDueBy(), d.openedAt(), d.closedAt(),
                    d.refundRequestId(), d.policyId(), d.policyVersion(), d.policyCite(), d.createdBy(),
                    d.updatedAt(), d.suspensions().stream().map(SuspensionView::of).toList());
        }
    }

    @ErrorAnswer(status = 422, when = "The order or charge named is unknown or does not match")
    @Operation(operationId = "createDispute", summary = "Open a dispute",
            description = "A charge-back or inquiry the payment provider reported on an order.")
    @PostMapping("/v1/disputes")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    DisputeView create(Caller caller, @RequestBody CreateBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String transactionId = Fields.optionalText(body.transactionId(), "transaction_id", Fields.MAX_TEXT, errors);
        if (body.orderId() == null && transactionId == null) {
            errors.add(new FieldProblem("transaction_id", "is required (or order_id)"));
        }
        String providerDisputeId = Fields.optionalText(body.providerDisputeId(), "provider_dispute_id",
                Fields.MAX_TEXT, errors);
        String status = body.status() == null ? "needs_response" : body.status();
        if (!Dispute.STATUSES.contains(status)) {
            errors.add(new FieldProblem("status", "must be one of " + String.join(", ", Dispute.STATUSES)));
        }
        String reason = Fields.requiredText(body.reason(), "reason", Fields.MAX_TEXT, errors);
        Instant now = clock.instant();
        Instant openedAt = body.openedAt() == null ? now : body.openedAt();
        if (openedAt.isAfter(now.plus(Duration.ofMinutes(5)))) {
            errors.add(new FieldProblem("opened_at", "must not be in the future"));
        }
        Fields.throwIfAny(errors);

        Optional<Charge> charge = Optional.empty();
        Order order;
        if (transactionId != null) {
            charge = orders.findCharge(caller.tenantId(), "stripe", transactionId)
                    .or(() -> orders.findCharge(caller.tenantId(), "manual", transactionId));
            if (charge.isEmpty()) {
                throw ApiProblem.unprocessable("unknown-charge", "transaction_id",
                        "no charge with this transaction id is recorded");
            }
            if (body.orderId() != null && !body.orderId().equals(charge.get().orderId())) {
                throw ApiProblem.unprocessable("charge-mismatch", "transaction_id", "is not a charge of order_id");
            }
            order = orders.require(caller.tenantId(), charge.get().orderId());
        } else {
            order = orders.find(caller.tenantId(), body.orderId()).orElseThrow(() ->
                    ApiProblem.unprocessable("unknown-order", "order_id", "no order with this id is recorded"));
        }
        if (openedAt.isBefore(order.purchasedAt())) {
            errors.add(new FieldProblem("opened_at", "must not be before the order's purchase"));
        }
        if (body.currency() != null && !body.currency().equalsIgnoreCase(order.total().getCurrencyUnit().getCode())) {
            errors.add(new FieldProblem("currency", "must be the order's currency, "
                    + order.total().getCurrencyUnit().getCode()));
        }
        Money amount = Amounts.amount(body.amount(), order.total().getCurrencyUnit(), "amount", false, errors);
        if (amount != null && amount.isGreaterThan(order.total())) {
            errors.add(new FieldProblem("amount", "must not exceed the order's total, " + Amounts.format(order.total())));
        }
        Fields.throwIfAny(errors);
        String provider = charge.map(Charge::provider)
                .orElseGet(() -> order.charges().isEmpty() ? "manual" : order.charges().get(0).provider());
        String txn = charge.map(Charge::transactionId)
                .orElseGet(() -> order.charges().isEmpty() ? null : order.charges().get(0).transactionId());
        return DisputeView.of(disputes.open(caller.tenantId(), new NewDispute(order.id(), provider, providerDisputeId,
                txn, status, reason, amount == null ? order.total() : amount, body.evidenceDueBy(), openedAt),
                caller.actor()));
    }

    @Operation(operationId = "updateDispute", summary = "Update a dispute")
    @PostMapping("/v1/disputes/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    DisputeView update(Caller caller, @PathVariable String id, @RequestBody UpdateBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.status() != null && !Dispute.STATUSES.contains(body.status())) {
            errors.add(new FieldProblem("status", "must be one of " + String.join(", ", Dispute.STATUSES)));
        }
        if (body.status() == null && body.evidenceDueBy() == null) {
            errors.add(new FieldProblem("status", "is required (or evidence_due_by)"));
        }
        Fields.throwIfAny(errors);
        return DisputeView.of(disputes.update(caller.tenantId(), Ids.parseOrNotFound("dispute", id), body.status(),
                body.evidenceDueBy(), caller.actor()));
    }

    @Operation(operationId = "getDispute", summary = "Retrieve a dispute")
    @GetMapping("/v1/disputes/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    DisputeView get(Caller caller, @PathVariable String id) {
        return DisputeView.of(disputes.require(caller.tenantId(), Ids.parseOrNotFound("dispute", id)));
    }

    @Operation(operationId = "listDisputes", summary = "List disputes", description = "Newest first, by cursor.")
    @GetMapping("/v1/disputes")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<DisputeView> list(Caller caller, @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "order_id", required = false) UUID orderId,
            @RequestParam(name = "account_id", required = false) UUID accountId,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        if (status != null && !Dispute.STATUSES.contains(status) && !List.of("open", "won", "lost").contains(status)) {
            Fields.throwIfAny(List.of(new FieldProblem("status", "must be open, won, lost or one of "
                    + String.join(", ", Dispute.STATUSES))));
        }
        ListPage<Dispute> page = disputes.page(caller.tenantId(), status, orderId, accountId, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(DisputeView::of).toList(), page.hasMore(), page.nextCursor());
    }
}
