package dev.creditdesk.refunds;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.AccountCredits;
import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.Refundable;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.ledger.BlockSource;
import dev.creditdesk.ledger.Grant;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.OrderCredits;
import dev.creditdesk.policy.ProposedRemedy.EndAt;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.subscriptions.Subscriptions;
import dev.creditdesk.tasks.Tasks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.joda.money.Money;
import org.springframework.stereotype.Component;

/**
 * Carries out the remedies of an approval, each kind by its one handler, in the caller's
 * transaction: money through billing's refunds (which refuse what chargebacks or earlier refunds
 * already returned), credits through the ledger. A refund removes what the policy says unless the
 * approval says otherwise: a full refund everything the order has left, a partial one the credits
 * it pays for ({@link #policyCredits}). Subscription remedies act on the subscription the order paid a
 * period of; what cannot be carried out (no subscription, an ended one) is recorded with a note
 * starting {@link #LEFT_TO_A_PERSON}, and the rest of the approval goes ahead.
 */
@Component
public class RemedyExecution {

    private final Orders orders;
    private final Refunds refunds;
    private final Ledger ledger;
    private final Tasks tasks;
    private final Accounts accounts;
    private final AccountCredits accountCredits;
    private final Subscriptions subscriptions;
    private final Clock clock;
    private final CaseMessages messages;

    RemedyExecution(Orders orders, Refunds refunds, Ledger ledger, Tasks tasks, Accounts accounts,
            AccountCredits accountCredits, Subscriptions subscriptions, Clock clock,
            CaseMessages messages) {
        this.messages = messages;
        this.orders = orders;
        this.refunds = refunds;
        this.ledger = ledger;
        this.tasks = tasks;
        this.accounts = accounts;
        this.accountCredits = accountCredits;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** The note of a remedy that could not be carried out automatically and waits for a person. */
    public static final String LEFT_TO_A_PERSON = "left to a person: ";
    private static final String NO_SUBSCRIPTION = "the order pays for no subscription";

    /** What an approval did: its remedies as applied (a refund's credits as removed) and the refund written. */
    public record Applied(List<Remedy> remedies, UUID refundId) {
    }

    /**
     * The credits a refund of {@code amount} removes by default: {@code everything} the order has
     * left ({@code credits} of them now) when it is a full refund — the proposal's full refund, or
     * with earlier refunds the order's whole net price — otherwise the credits the proposal's
     * partial refund removes, or the purchased credits the amount pays for at the order's price,
     * rounded half up; never more than those unused.
     */
    public record PolicyCredits(boolean everything, long credits) {
    }

    public PolicyCredits policyCredits(UUID tenantId, RefundRequest request, BigDecimal amount) {
        Order order = orders.require(tenantId, request.orderId());
        OrderCredits credits = ledger.orderCredits(tenantId, order.id());
        Refundable money = refunds.refundable(tenantId, order.id());
        boolean proposedFull = "full_refund".equals(request.outcome()) && request.proposedAmount() != null
                && request.proposedAmount().compareTo(amount) == 0;
        boolean wholePrice = amount.add(money.refunded().getAmount()).compareTo(order.net().getAmount()) >= 0;
        if (proposedFull || wholePrice) {
            return new PolicyCredits(true, credits.unused() + credits.bonusUnused());
        }
        boolean proposedPartial = "partial_refund".equals(request.outcome()) && request.proposedAmount() != null
                && request.proposedAmount().compareTo(amount) == 0 && request.proposal() != null
                && request.proposal().get("credits_to_remove") instanceof Number;
        long paidFor = proposedPartial ? ((Number) request.proposal().get("credits_to_remove")).longValue()
                : order.credits() == 0 ? 0 : amount.multiply(BigDecimal.valueOf(order.credits()))
                .divide(order.net().getAmount(), 0, RoundingMode.HALF_UP).longValueExact();
        return new PolicyCredits(false, Math.min(paidFor, credits.unused()));
    }

    /**
     * Remedies that cannot go together: a refund pays the order back, delivering it gives what was
     * paid for — a proposal offering both offers alternatives, and an approval applies one.
     */
    public static void checkConsistent(List<Remedy> remedies) {
        boolean refund = remedies.stream().anyMatch(r -> r instanceof Remedy.Refund);
        if (refund && remedies.stream().anyMatch(r -> r instanceof Remedy.DeliverOrder)) {
            throw ApiProblem.unprocessable("inconsistent-remedies", "remedies", "refund and deliver_order are"
                    + " alternatives: an order is either paid back or delivered; choose one");
        }
        if (remedies.stream().filter(r -> r instanceof Remedy.Refund).count() > 1) {
            throw ApiProblem.unprocessable("inconsistent-remedies", "remedies", "give one refund per approval");
        }
    }

    /** Applies the remedies: access corrected before an order is delivered, then the rest in their order. */
    public Applied apply(UUID tenantId, RefundRequest request, List<Remedy> remedies, String actor) {
        checkConsistent(remedies);
        Handlers handlers = new Handlers(tenantId, request, actor);
        List<Remedy> ordered = new ArrayList<>(remedies);
        ordered.sort(Comparator.comparingInt(RemedyExecution::rank));
        List<Remedy> applied = new ArrayList<>();
        for (Remedy remedy : ordered) {
            handlers.field = "remedies[" + remedies.indexOf(remedy) + "]";
            applied.add(remedy.accept(handlers));
        }
        return new Applied(List.copyOf(applied), handlers.refundId);
    }

    private static int rank(Remedy remedy) {
        return remedy instanceof Remedy.AccessCorrection ? 0 : remedy instanceof Remedy.DeliverOrder ? 1 : 2;
    }

    /** The reason the ledger records for what a case granted or restored, and for the refunds it wrote. */
    public static String removalReason(UUID requestId) {
        return "refund request " + requestId;
    }

    /**
     * The reason the ledger records for credits one refund of a case removed, so that this refund
     * failing gives back exactly them, once, however many times the case is approved again.
     */
    public static String removalReason(UUID requestId, UUID refundId) {
        return "refund request " + requestId + ", refund " + refundId;
    }

    /** One handler per kind of remedy; each returns the remedy as it was applied. */
    private final class Handlers implements Remedy.Visitor<Remedy> {

        private final UUID tenantId;
        private final RefundRequest request;
        private final String actor;
        private String field = "remedies";
        private UUID refundId;

        Handlers(UUID tenantId, RefundRequest request, String actor) {
            this.tenantId = tenantId;
            this.request = request;
            this.actor = actor;
        }

        @Override
        public Remedy refund(Remedy.Refund r) {
            PolicyCredits policy = policyCredits(tenantId, request, r.amount());
            refundId = send(null, r.amount());
            Long wanted = r.credits() == null || (policy.everything() && r.credits() >= policy.credits())
                    ? (policy.everything() ? null : Long.valueOf(policy.credits())) : r.credits();
            long removed = wanted != null && wanted == 0 ? 0
                    : ledger.removeOrderCredits(tenantId, request.orderId(), wanted,
                            removalReason(request.id(), refundId));
            return new Remedy.Refund(r.amount(), removed, r.note());
        }

        @Override
        public Remedy refundDuplicateCharge(Remedy.RefundDuplicateCharge r) {
            Order order = orders.require(tenantId, request.orderId());
            List<Charge> duplicates = order.charges().stream().filter(Charge::duplicate).toList();
            Refundable money = refunds.refundable(tenantId, order.id());
            // under an open or lost chargeback, billing refuses the refund and says why
            UUID charge = duplicates.stream().filter(c -> refunds.refundable(tenantId, c).isPositive())
                    .map(Charge::id).findFirst()
                    .or(() -> money.blocked() || money.chargedBack().isPositive()
                            ? duplicates.stream().map(Charge::id).findFirst() : Optional.empty())
                    .orElseThrow(() -> ApiProblem.unprocessable("no-duplicate-charge", field + ".type",
                            "the order has no duplicate charge left to refund"));
            refundId = send(charge, r.amount());
            return r;
        }

        @Override
        public Remedy restoreCredits(Remedy.RestoreCredits r) {
            if (request.taskId() == null) {
                throw ApiProblem.invalid(field + ".type", "restore_credits needs the request's task");
            }
            tasks.restore(tenantId, request.taskId(), removalReason(request.id()));
            return r;
        }

        @Override
        public Remedy replacementCredits(Remedy.ReplacementCredits r) {
            grant(BlockSource.REPLACEMENT, r.credits(), r.expiresInDays());
            return r;
        }

        @Override
        public Remedy compensationCredits(Remedy.CompensationCredits r) {
            grant(BlockSource.COMPENSATION, r.credits(), r.expiresInDays());
            return r;
        }

        @Override
        public Remedy deliverOrder(Remedy.DeliverOrder r) {
            if (!orders.require(tenantId, request.orderId()).delivered()) {
                orders.deliver(tenantId, request.orderId());
            }
            return r;
        }

        @Override
        public Remedy accessCorrection(Remedy.AccessCorrection r) {
            accounts.entitlements(tenantId, request.accountId()).suspensions()
                    .forEach(suspension -> accounts.lift(tenantId, request.accountId(), suspension.id(),
                            "access corrected by refund request " + request.id(), actor));
            return r;
        }

        @Override
        public Remedy endSubscription(Remedy.EndSubscription r) {
            Optional<UUID> subscription = subscription();
            if (subscription.isEmpty()) {
                return new Remedy.EndSubscription(r.at(), leftToAPerson(r.note(), NO_SUBSCRIPTION));
            }
            if (r.at() == EndAt.NOW) {
                subscriptions.end(tenantId, subscription.get(), removalReason(request.id()));
            } else if (subscriptions.require(tenantId, subscription.get()).active()) {
                subscriptions.cancel(tenantId, subscription.get());
            }
            return r;
        }

        @Override
        public Remedy accountCredit(Remedy.AccountCredit r) {
            Order order = orders.require(tenantId, request.orderId());
            Money money;
            try {
                money = Money.of(order.total().getCurrencyUnit(), r.amount(), RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw ApiProblem.invalid(field + ".amount", "has more decimals than "
                        + order.total().getCurrencyUnit().getCode() + " allows");
            }
            accountCredits.add(tenantId, request.accountId(), money, removalReason(request.id()), actor);
            return r;
        }

        @Override
        public Remedy convertPlan(Remedy.ConvertPlan r) {
            Optional<UUID> subscription = subscription();
            if (subscription.isEmpty()) {
                return new Remedy.ConvertPlan(r.to(), leftToAPerson(r.note(), NO_SUBSCRIPTION));
            }
            try {
                subscriptions.changePlan(tenantId, subscription.get(), r.to());
            } catch (ApiProblem problem) {
                return new Remedy.ConvertPlan(r.to(), leftToAPerson(r.note(), problem.getMessage()));
            }
            return r;
        }

        @Override
        public Remedy pauseSubscription(Remedy.PauseSubscription r) {
            Optional<UUID> subscription = subscription();
            if (subscription.isEmpty()) {
                return new Remedy.PauseSubscription(r.months(), leftToAPerson(r.note(), NO_SUBSCRIPTION));
            }
            try {
                subscriptions.pause(tenantId, subscription.get(), r.months());
            } catch (ApiProblem problem) {
                return new Remedy.PauseSubscription(r.months(), leftToAPerson(r.note(), problem.getMessage()));
            }
            return r;
        }

        @Override
        public Remedy reinstateSubscription(Remedy.ReinstateSubscription r) {
            Optional<UUID> subscription = subscription();
            if (subscription.isEmpty()) {
                return new Remedy.ReinstateSubscription(leftToAPerson(r.note(), NO_SUBSCRIPTION));
            }
            try {
                subscriptions.reinstate(tenantId, subscription.get());
            } catch (ApiProblem problem) {
                return new Remedy.ReinstateSubscription(leftToAPerson(r.note(), problem.getMessage()));
            }
            return r;
        }

        @Override
        public Remedy referToBank(Remedy.ReferToBank r) {
            Order order = orders.require(tenantId, request.orderId());
            messages.tell(tenantId, request, r.template(), Map.of(
                    "amount", order.total().getAmount().toPlainString(),
                    "currency", order.total().getCurrencyUnit().getCode(),
                    "purchased", order.purchasedAt().toString()));
            return r;
        }

        /** The subscription the case's order paid a period of, if any. */
        private Optional<UUID> subscription() {
            return Optional.ofNullable(orders.require(tenantId, request.orderId()).subscriptionId());
        }

        private static String leftToAPerson(String note, String why) {
            return LEFT_TO_A_PERSON + why + (note == null ? "" : "; " + note);
        }

        @Override
        public Remedy other(Remedy.Other r) {
            return r; // recorded with the decision; carried out by a person
        }

        private void grant(BlockSource source, long credits, Integer expiresInDays) {
            Instant expires = expiresInDays == null ? null : clock.instant().plus(Duration.ofDays(expiresInDays));
            ledger.grant(Grant.free(tenantId, request.accountId(), source, credits, expires,
                    removalReason(request.id())));
        }

        /** Writes the refund through billing; its problems name this remedy's amount, not billing's field. */
        private UUID send(UUID chargeId, BigDecimal amount) {
            Order order = orders.require(tenantId, request.orderId());
            Money money;
            try {
                money = Money.of(order.total().getCurrencyUnit(), amount, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw ApiProblem.invalid(field + ".amount", "has more decimals than "
                        + order.total().getCurrencyUnit().getCode() + " allows");
            }
            try {
                return refunds.request(tenantId, order.id(), chargeId, money, removalReason(request.id()), actor).id();
            } catch (ApiProblem problem) {
                if (problem.errors().isEmpty() || !"amount".equals(problem.errors().get(0).field())) {
                    throw problem;
                }
                ApiProblem renamed = new ApiProblem(problem.status(), problem.type(), problem.title(),
                        field + ".amount: " + problem.errors().get(0).message(),
                        List.of(new FieldProblem(field + ".amount", problem.errors().get(0).message())));
                problem.properties().forEach(renamed::with);
                throw renamed;
            }
        }
    }
}
