package dev.creditdesk.refunds;

import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.ledger.BlockSource;
import dev.creditdesk.ledger.EntryType;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.LedgerEntry;
import dev.creditdesk.notifications.Email;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.subscriptions.Subscription;
import dev.creditdesk.subscriptions.Subscriptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.joda.money.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a decision would do, before anyone records it: the decision is carried out in a
 * transaction of its own that is always rolled back, and what it wrote is read back first — the
 * refund and the charge it goes to, the credits removed or granted by block, the subscription's
 * change, the emails the customer would get, word for word. Nothing it writes survives and
 * nothing leaves the database: refunds reach the provider only through the submitter job, emails
 * only through the sender job, both reading committed rows; listeners that act after a commit are
 * never called.
 */
@Service
public class DecisionPreview {

    /** Money back to the card: how much, from which charge. */
    public record MoneyBack(Money amount, UUID chargeId, String provider, @Nullable String transactionId,
            boolean duplicateCharge) {
    }

    /** Credits moved in one block of the account, by one kind of ledger entry. */
    public record CreditChange(UUID blockId, BlockSource source, EntryType type, long credits) {

        /** What the change did to the credits, in a word: removed, granted, restored … */
        public String verb() {
            return switch (type) {
                case REVOKE -> "removed";
                case GRANT -> "granted";
                case RESTORE -> "restored";
                case EXPIRE -> "expired";
                case SUSPEND -> "suspended";
                case UNSUSPEND -> "unsuspended";
                case HOLD -> "held";
                case RELEASE -> "released";
                case CONSUME -> "consumed";
            };
        }
    }

    /** The subscription the order paid a period of, before and after. */
    public record SubscriptionChange(UUID subscriptionId, String planBefore, String planAfter, String statusBefore,
            String statusAfter, boolean cancelAtPeriodEndBefore, boolean cancelAtPeriodEndAfter) {

        public boolean changed() {
            return !planBefore.equals(planAfter) || !statusBefore.equals(statusAfter)
                    || cancelAtPeriodEndBefore != cancelAtPeriodEndAfter;
        }
    }

    /** An email the customer would get. */
    public record PreviewEmail(String recipient, String subject, String body) {
    }

    /**
     * The decision's effects: the case's status after it, the remedies as they would be applied
     * (with the notes of what is left to a person), money, credits, subscription, emails.
     */
    public record Effects(CaseStatus status, List<Remedy> remedies, List<MoneyBack> money,
            List<CreditChange> credits, @Nullable SubscriptionChange subscription, List<PreviewEmail> emails) {
    }

    private static final int ENTRIES_SEEN = ListPage.MAX_LIMIT;

    private final CaseDecisions decisions;
    private final RefundRequests requests;
    private final Orders orders;
    private final Refunds refunds;
    private final Ledger ledger;
    private final Subscriptions subscriptions;
    private final Notifications notifications;
    private final TransactionTemplate dryRun;

    DecisionPreview(CaseDecisions decisions, RefundRequests requests, Orders orders, Refunds refunds, Ledger ledger,
            Subscriptions subscriptions, Notifications notifications, PlatformTransactionManager transactions) {
        this.decisions = decisions;
        this.requests = requests;
        this.orders = orders;
        this.refunds = refunds;
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.notifications = notifications;
        this.dryRun = new TransactionTemplate(transactions);
        this.dryRun.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Carries out {@link CaseDecisions#decide} with these arguments and rolls it back, answering
     * what it did; a decision refused is refused here the same way (the same problem is thrown).
     */
    public Effects preview(UUID tenantId, UUID id, boolean approve, List<Remedy> remedies, @Nullable Integer option,
            @Nullable String note, String actor) {
        return dryRun.execute(status -> {
            status.setRollbackOnly();
            RefundRequest before = requests.require(tenantId, id);
            Order order = orders.require(tenantId, before.orderId());
            Optional<Subscription> subscriptionBefore = Optional.ofNullable(order.subscriptionId())
                    .flatMap(s -> subscriptions.find(tenantId, s));
            long lastEntry = ledger.entries(tenantId, before.accountId(), null, 1).data().stream()
                    .mapToLong(LedgerEntry::sequence).findFirst().orElse(0);
            Set<UUID> emailsBefore = notifications.page(tenantId, id, null, ListPage.MAX_LIMIT).data().stream()
                    .map(Email::id).collect(Collectors.toSet());

            RefundRequest decided = decisions.decide(tenantId, id, approve, remedies, option, note, actor);

            List<MoneyBack> money = new ArrayList<>();
            for (ProviderRefund refund : refunds.forOrder(tenantId, order.id())) {
                if (Objects.equals(refund.id(), decided.refundId())) {
                    Charge charge = orders.require(tenantId, order.id()).charges().stream()
                            .filter(c -> c.id().equals(refund.chargeId())).findFirst().orElseThrow();
                    money.add(new MoneyBack(refund.amount(), charge.id(), charge.provider(), charge.transactionId(),
                            charge.duplicate()));
                }
            }
            Map<List<Object>, CreditChange> credits = new LinkedHashMap<>();
            ledger.entries(tenantId, before.accountId(), null, ENTRIES_SEEN).data().stream()
                    .filter(e -> e.sequence() > lastEntry).sorted(java.util.Comparator.comparingLong(LedgerEntry::sequence))
                    .forEach(e -> credits.merge(List.of(e.blockId(), e.type()),
                            new CreditChange(e.blockId(), e.blockSource(), e.type(), e.credits()),
                            (a, b) -> new CreditChange(a.blockId(), a.source(), a.type(), a.credits() + b.credits())));
            SubscriptionChange subscription = subscriptionBefore.map(s -> {
                Subscription after = subscriptions.require(tenantId, s.id());
                return new SubscriptionChange(s.id(), s.planId(), after.planId(), s.status(), after.status(),
                        s.cancelAtPeriodEnd(), after.cancelAtPeriodEnd());
            }).orElse(null);
            List<PreviewEmail> emails = notifications.page(tenantId, id, null, ListPage.MAX_LIMIT).data().stream()
                    .filter(e -> !emailsBefore.contains(e.id()))
                    .sorted(java.util.Comparator.comparing(Email::createdAt).thenComparing(Email::id))
                    .map(e -> new PreviewEmail(e.recipient(), e.subject(), e.body())).toList();
            List<Remedy> applied = CaseDecision.remedies(decided.decision());
            return new Effects(decided.status(), applied, List.copyOf(money), List.copyOf(credits.values()),
                    subscription, emails);
        });
    }
}
