package dev.creditdesk.console.web;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.AccountSuspensions;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.accounts.Suspension;
import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.disputes.NewDispute;
import dev.creditdesk.ledger.BlockSource;
import dev.creditdesk.ledger.Grant;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Limits;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.TaskStatus;
import dev.creditdesk.tasks.Tasks;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.joda.money.Money;
import org.springframework.stereotype.Component;

/**
 * The customer page's actions: each form is read and checked into one {@link Prepared} action
 * that says exactly what it will do (the confirmation page shows it), then done through the owning
 * module's API — the same calls the API's routes make — once confirmed. A form that names
 * something not of this customer's, or in a state the action cannot take, is refused with why.
 */
@Component
class CustomerActions {

    /** The sources goodwill credits may come from: the free sources of {@code POST /v1/credit-grants}. */
    static final List<BlockSource> GOODWILL_SOURCES = List.of(BlockSource.GIFT, BlockSource.BONUS,
            BlockSource.PROMOTIONAL, BlockSource.COMPENSATION, BlockSource.REPLACEMENT);

    /** An action checked and ready: what it will do in words, and the form fields that name it again. */
    sealed interface Prepared permits Goodwill, RestoreTask, LiftSuspension, MarkRefundSent, RecordDispute {
        CustomerAction action();

        String summary();

        Map<String, String> fields();
    }

    record Goodwill(long credits, BlockSource source, Instant expiresAt, String expiryDay, String note,
            String email) implements Prepared {
        public CustomerAction action() {
            return CustomerAction.GOODWILL;
        }

        public String summary() {
            return "Grant " + credits + " " + source.wireName() + " credits to " + email + " as a new credit block, "
                    + (expiresAt == null ? "never expiring" : "usable until the end of " + expiryDay)
                    + ", not refundable. The block's note: \"" + note + "\".";
        }

        public Map<String, String> fields() {
            return ordered("credits", String.valueOf(credits), "source", source.wireName(), "expires",
                    expiryDay == null ? "" : expiryDay, "note", note);
        }
    }

    record RestoreTask(Task task, String reason) implements Prepared {
        public CustomerAction action() {
            return CustomerAction.RESTORE_TASK;
        }

        public String summary() {
            return "Give back the " + task.creditsUsed() + " credits task " + task.id() + " used, to the blocks they"
                    + " came from (or a new restoration block where those expired); the task becomes restored and"
                    + " this cannot be done twice. The reason recorded: \"" + reason + "\".";
        }

        public Map<String, String> fields() {
            return ordered("task", task.id().toString(), "reason", reason);
        }
    }

    record LiftSuspension(Suspension suspension, String reason) implements Prepared {
        public CustomerAction action() {
            return CustomerAction.LIFT_SUSPENSION;
        }

        public String summary() {
            return "Lift the suspension of " + suspension.entitlement().wireName() + " (\"" + suspension.reason()
                    + "\", by " + suspension.source() + "): the customer may " + suspension.entitlement().wireName()
                    + " again unless another suspension still takes it away. The reason recorded: \"" + reason + "\".";
        }

        public Map<String, String> fields() {
            return ordered("suspension", suspension.id().toString(), "reason", reason);
        }
    }

    record MarkRefundSent(ProviderRefund refund, Order order) implements Prepared {
        public CustomerAction action() {
            return CustomerAction.MARK_REFUND_SENT;
        }

        public String summary() {
            return "Record that the manual refund of " + money(refund.amount()) + " on order "
                    + order.orderNumber() + " was paid back to the customer: the refund becomes succeeded, which"
                    + " cannot be undone.";
        }

        public Map<String, String> fields() {
            return ordered("refund", refund.id().toString());
        }
    }

    record RecordDispute(Order order, String status, String reason, Money amount, String providerDisputeId)
            implements Prepared {
        public CustomerAction action() {
            return CustomerAction.RECORD_DISPUTE;
        }

        public String summary() {
            Dispute.Outcome outcome = Dispute.outcomeOf(status);
            return "Record a chargeback of " + money(amount) + " on order " + order.orderNumber()
                    + (providerDisputeId == null ? "" : " (the provider's dispute " + providerDisputeId + ")")
                    + ", status " + status.replace('_', ' ') + ", reason \"" + reason + "\". "
                    + switch (outcome) {
                        case OPEN -> "While it is open, no refund may be sent on the order, and unless the customer"
                                + " asked for a refund first it suspends what the policy's chargebacks clause lists.";
                        case WON -> "It is recorded as won: nothing is suspended.";
                        case LOST -> "It is recorded as lost: the order's credits are revoked and the order is"
                                + " charged back.";
                    }
                    + " Open cases about the order are evaluated again.";
        }

        public Map<String, String> fields() {
            return ordered("order", order.id().toString(), "status", status, "reason", reason, "amount",
                    amount.getAmount().toPlainString(), "provider_dispute_id",
                    providerDisputeId == null ? "" : providerDisputeId);
        }
    }

    private final Ledger ledger;
    private final Tasks tasks;
    private final Accounts accounts;
    private final AccountSuspensions suspensions;
    private final Orders orders;
    private final Refunds refunds;
    private final Disputes disputes;
    private final Clock clock;

    CustomerActions(Ledger ledger, Tasks tasks, Accounts accounts, AccountSuspensions suspensions, Orders orders,
            Refunds refunds, Disputes disputes, Clock clock) {
        this.ledger = ledger;
        this.tasks = tasks;
        this.accounts = accounts;
        this.suspensions = suspensions;
        this.orders = orders;
        this.refunds = refunds;
        this.disputes = disputes;
        this.clock = clock;
    }

    /**
     * Reads and checks {@code form} for {@code action} on {@code account}; empty with the mistakes in
     * {@code errors} (by field) when it cannot be done.
     */
    Optional<Prepared> prepare(UUID tenantId, Account account, ZoneId zone, CustomerAction action,
            Map<String, String> form, Map<String, String> errors) {
        List<FieldProblem> problems = new ArrayList<>();
        Prepared prepared = switch (action) {
            case GOODWILL -> goodwill(account, zone, form, problems);
            case RESTORE_TASK -> restoreTask(tenantId, account, form, problems);
            case LIFT_SUSPENSION -> liftSuspension(tenantId, account, form, problems);
            case MARK_REFUND_SENT -> markRefundSent(tenantId, account, form, problems);
            case RECORD_DISPUTE -> recordDispute(tenantId, account, form, problems);
        };
        problems.forEach(p -> errors.putIfAbsent(p.field(), p.message()));
        return errors.isEmpty() ? Optional.ofNullable(prepared) : Optional.empty();
    }

    /** Does it; the module refuses (an ApiProblem) what changed meanwhile. Returns what was done, in words. */
    String run(UUID tenantId, Account account, Prepared prepared, String actor) {
        if (prepared instanceof Goodwill g) {
            var block = ledger.grant(Grant.free(tenantId, account.id(), g.source(), g.credits(), g.expiresAt(),
                    g.note()));
            return "Granted " + g.credits() + " " + g.source().wireName() + " credits (block " + block.id() + ").";
        }
        if (prepared instanceof RestoreTask r) {
            Task task = tasks.restore(tenantId, r.task().id(), r.reason());
            return "Restored the " + task.creditsRestored() + " credits of task " + task.id() + ".";
        }
        if (prepared instanceof LiftSuspension l) {
            Suspension lifted = accounts.lift(tenantId, account.id(), l.suspension().id(), l.reason(), actor);
            return "Lifted the suspension of " + lifted.entitlement().wireName() + ".";
        }
        if (prepared instanceof MarkRefundSent m) {
            ProviderRefund refund = refunds.markSent(tenantId, m.refund().id());
            return "The refund of " + money(refund.amount()) + " on order " + m.order().orderNumber()
                    + " is " + refund.status().wireName() + ".";
        }
        RecordDispute d = (RecordDispute) prepared;
        Order order = d.order();
        Charge charge = order.charges().isEmpty() ? null : order.charges().get(0);
        Dispute dispute = disputes.open(tenantId, new NewDispute(order.id(),
                charge == null ? "manual" : charge.provider(), d.providerDisputeId(),
                charge == null ? null : charge.transactionId(), d.status(), d.reason(), d.amount(), null,
                clock.instant()), actor);
        return "Recorded dispute " + dispute.id() + " on order " + order.orderNumber() + " ("
                + dispute.outcome().wireName() + ").";
    }

    private Goodwill goodwill(Account account, ZoneId zone, Map<String, String> form, List<FieldProblem> errors) {
        Long credits = null;
        String typed = form.getOrDefault("credits", "").strip();
        if (typed.isEmpty()) {
            errors.add(new FieldProblem("credits", "How many credits? A whole number such as 500."));
        } else {
            try {
                credits = Fields.requiredCredits(Long.parseLong(typed), "credits", new ArrayList<>());
                if (credits == null) {
                    errors.add(new FieldProblem("credits", "Credits are a whole number from 1 to "
                            + Limits.MAX_CREDITS + "."));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldProblem("credits", "Credits are a whole number such as 500."));
            }
        }
        BlockSource source = BlockSource.fromWire(form.getOrDefault("source", "gift"));
        if (source == null || !GOODWILL_SOURCES.contains(source)) {
            errors.add(new FieldProblem("source", "Choose where the credits come from: gift, bonus, promotional,"
                    + " compensation or replacement."));
        }
        String day = form.getOrDefault("expires", "").strip();
        Instant expiresAt = null;
        if (!day.isEmpty()) {
            try {
                LocalDate date = LocalDate.parse(day);
                expiresAt = date.plusDays(1).atStartOfDay(zone).toInstant();
                if (!expiresAt.isAfter(clock.instant()) || !Fields.withinTimeBounds(expiresAt)) {
                    errors.add(new FieldProblem("expires", "The expiry must be a day from today on."));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldProblem("expires", "The expiry is a date such as 2027-01-31 (or empty: never)."));
            }
        }
        String note = note(form, "note", "Say why the customer gets them; the note stays on the block.", errors);
        return errors.isEmpty() ? new Goodwill(credits, source, expiresAt, day.isEmpty() ? null : day, note,
                account.email()) : null;
    }

    private RestoreTask restoreTask(UUID tenantId, Account account, Map<String, String> form,
            List<FieldProblem> errors) {
        Optional<Task> task = id(form.get("task")).flatMap(id -> tasks.find(tenantId, id))
                .filter(t -> t.accountId().equals(account.id()));
        String reason = note(form, "reason", "Say why the task's credits come back.", errors);
        if (task.isEmpty()) {
            errors.add(new FieldProblem("task", "This customer has no such task."));
            return null;
        }
        if (task.get().status() != TaskStatus.COMPLETED || task.get().creditsUsed() == 0) {
            errors.add(new FieldProblem("task", "Only a completed task that used credits can be restored; this task is "
                    + task.get().status().wireName() + "."));
        }
        return errors.isEmpty() ? new RestoreTask(task.get(), reason) : null;
    }

    private LiftSuspension liftSuspension(UUID tenantId, Account account, Map<String, String> form,
            List<FieldProblem> errors) {
        Optional<Suspension> suspension = id(form.get("suspension")).flatMap(id -> suspensions
                .recent(tenantId, account.id(), 1000).stream().filter(s -> s.id().equals(id)).findFirst());
        String reason = note(form, "reason", "Say why the suspension is lifted.", errors);
        if (suspension.isEmpty()) {
            errors.add(new FieldProblem("suspension", "This customer has no such suspension."));
            return null;
        }
        if (!suspension.get().active()) {
            errors.add(new FieldProblem("suspension", "This suspension was already lifted."));
        }
        return errors.isEmpty() ? new LiftSuspension(suspension.get(), reason) : null;
    }

    private MarkRefundSent markRefundSent(UUID tenantId, Account account, Map<String, String> form,
            List<FieldProblem> errors) {
        Optional<ProviderRefund> refund = id(form.get("refund")).flatMap(id -> refunds.find(tenantId, id));
        Optional<Order> order = refund.flatMap(r -> orders.find(tenantId, r.orderId()))
                .filter(o -> o.accountId().equals(account.id()));
        if (order.isEmpty()) {
            errors.add(new FieldProblem("refund", "This customer has no such refund."));
            return null;
        }
        if (!"manual".equals(refund.get().provider()) || refund.get().status() != ProviderRefund.Status.PENDING) {
            errors.add(new FieldProblem("refund", "Only a pending manual refund is marked sent; this one is "
                    + refund.get().provider() + " and " + refund.get().status().wireName() + "."));
            return null;
        }
        return new MarkRefundSent(refund.get(), order.get());
    }

    private RecordDispute recordDispute(UUID tenantId, Account account, Map<String, String> form,
            List<FieldProblem> errors) {
        Optional<Order> order = id(form.get("order")).flatMap(id -> orders.find(tenantId, id))
                .filter(o -> o.accountId().equals(account.id()));
        if (order.isEmpty()) {
            errors.add(new FieldProblem("order", "Choose one of this customer's orders."));
        }
        String status = form.getOrDefault("status", "needs_response");
        if (!Dispute.STATUSES.contains(status)) {
            errors.add(new FieldProblem("status", "Choose the provider's status for the dispute."));
        }
        String reason = note(form, "reason", "Give the dispute's reason, as the provider names it (fraudulent …).",
                errors);
        List<FieldProblem> idProblems = new ArrayList<>();
        String providerDisputeId = Fields.optionalText(form.get("provider_dispute_id"), "provider_dispute_id",
                Fields.MAX_TEXT, idProblems);
        idProblems.forEach(p -> errors.add(new FieldProblem(p.field(), "The provider's dispute id is at most "
                + Fields.MAX_TEXT + " characters.")));
        Money amount = null;
        if (order.isPresent()) {
            List<FieldProblem> amountProblems = new ArrayList<>();
            amount = Amounts.amount(form.get("amount"), order.get().total().getCurrencyUnit(), "amount", false,
                    amountProblems);
            amountProblems.forEach(p -> errors.add(new FieldProblem("amount", "The amount " + p.message()
                    .replace("\"", "") + ".")));
            if (amount != null && (amount.isZero() || amount.isGreaterThan(order.get().total()))) {
                errors.add(new FieldProblem("amount", "The amount is more than zero and at most the order's total, "
                        + money(order.get().total()) + "."));
            }
            if (amount == null && amountProblems.isEmpty()) {
                amount = order.get().total();
            }
        }
        if (providerDisputeId != null && order.isPresent()) {
            String provider = order.get().charges().isEmpty() ? "manual" : order.get().charges().get(0).provider();
            boolean known = disputes.list(tenantId, null, order.get().id(), null, 100).stream()
                    .anyMatch(d -> provider.equals(d.provider()) && providerDisputeId.equals(d.providerDisputeId()));
            if (known) {
                errors.add(new FieldProblem("provider_dispute_id", "Dispute " + providerDisputeId
                        + " is already recorded."));
            }
        }
        return errors.isEmpty() ? new RecordDispute(order.get(), status, reason, amount, providerDisputeId) : null;
    }

    private static String note(Map<String, String> form, String field, String whenMissing, List<FieldProblem> errors) {
        String value = form.getOrDefault(field, "").strip();
        if (value.isEmpty()) {
            errors.add(new FieldProblem(field, whenMissing));
            return null;
        }
        if (value.length() > Fields.MAX_NOTE) {
            errors.add(new FieldProblem(field, "At most " + Fields.MAX_NOTE + " characters."));
            return null;
        }
        return value;
    }

    private static Optional<UUID> id(String value) {
        if (value == null || value.strip().length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Money as the pages write it: {@code 29.90 USD}. */
    static String money(Money money) {
        return money.getAmount().toPlainString() + " " + money.getCurrencyUnit().getCode();
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
