package dev.creditdesk.console.web;

import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.incidents.Incident;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.ledger.CreditBlock;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * An account's history for a case page, oldest first, merged from every {@link TimelineSource}:
 * orders with their charges and refunds, credit blocks and their use, tasks, refund requests,
 * chargebacks, and the tenant's incidents since the account's first order.
 */
@Component
class Timeline {

    /** At the same moment, what happened first comes first: the order before its charge, credits before their use. */
    private static final List<String> KINDS = List.of("order", "charge", "credits", "task", "incident", "dispute",
            "request", "refund");

    private final List<TimelineSource> sources;

    Timeline(List<TimelineSource> sources) {
        this.sources = sources;
    }

    List<TimelineEvent> of(UUID tenantId, UUID accountId, UUID caseId) {
        List<TimelineEvent> events = new ArrayList<>();
        sources.forEach(source -> events.addAll(source.events(tenantId, accountId, caseId)));
        events.sort(Comparator.comparing(TimelineEvent::at).thenComparing(e -> KINDS.indexOf(e.kind())));
        return events;
    }

    private static String money(org.joda.money.Money money) {
        return money.getAmount().toPlainString() + " " + money.getCurrencyUnit().getCode();
    }

    @Component
    static class OrderEvents implements TimelineSource {

        private final Orders orders;
        private final Refunds refunds;

        OrderEvents(Orders orders, Refunds refunds) {
            this.orders = orders;
            this.refunds = refunds;
        }

        @Override
        public List<TimelineEvent> events(UUID tenantId, UUID accountId, UUID caseId) {
            List<TimelineEvent> events = new ArrayList<>();
            for (Order order : orders.forAccount(tenantId, accountId).stream().limit(LIMIT).toList()) {
                String number = order.orderNumber() == null ? "" : " " + order.orderNumber();
                events.add(new TimelineEvent(order.purchasedAt(), "order",
                        "Order" + number + ": " + order.credits() + " credits"
                                + (order.bonusCredits() > 0 ? " + " + order.bonusCredits() + " bonus" : "")
                                + " for " + money(order.total()),
                        "net " + money(order.net()) + ", tax " + money(order.tax()) + ", fee " + money(order.fee())
                                + "; " + order.status().wireName().replace('_', ' ')
                                + (order.refunded().isPositive() ? "; refunded " + money(order.refunded()) : ""),
                        null));
                for (Charge charge : order.charges()) {
                    events.add(new TimelineEvent(charge.chargedAt(), "charge",
                            (charge.duplicate() ? "Duplicate charge " : "Charge ") + money(charge.amount())
                                    + " for order" + number,
                            charge.provider() + " " + charge.transactionId(), null));
                }
                for (ProviderRefund refund : refunds.forOrder(tenantId, order.id())) {
                    events.add(new TimelineEvent(refund.createdAt(), "refund",
                            "Refund " + money(refund.amount()) + " for order" + number + ": " + refund.status().wireName(),
                            refund.provider() + (refund.failureReason() == null ? "" : "; " + refund.failureReason()),
                            null));
                }
            }
            return events;
        }
    }

    @Component
    static class CreditEvents implements TimelineSource {

        private final Ledger ledger;

        CreditEvents(Ledger ledger) {
            this.ledger = ledger;
        }

        @Override
        public List<TimelineEvent> events(UUID tenantId, UUID accountId, UUID caseId) {
            return ledger.blocks(tenantId, accountId).stream().limit(LIMIT).map(CreditEvents::event).toList();
        }

        private static TimelineEvent event(CreditBlock block) {
            List<String> use = new ArrayList<>();
            use.add(block.consumed() + " used");
            use.add(block.unspent() + " left");
            if (block.held() > 0) {
                use.add(block.held() + " held");
            }
            if (block.expired() > 0) {
                use.add(block.expired() + " expired");
            }
            if (block.revoked() > 0) {
                use.add(block.revoked() + " removed");
            }
            if (block.suspended() > 0) {
                use.add(block.suspended() + " suspended");
            }
            if (block.expiresAt() != null) {
                use.add("expires " + block.expiresAt().toString().substring(0, 10));
            }
            return new TimelineEvent(block.createdAt(), "credits",
                    block.granted() + " " + block.source().wireName() + " credits granted", String.join(", ", use),
                    null);
        }
    }

    @Component
    static class TaskEvents implements TimelineSource {

        private final Tasks tasks;

        TaskEvents(Tasks tasks) {
            this.tasks = tasks;
        }

        @Override
        public List<TimelineEvent> events(UUID tenantId, UUID accountId, UUID caseId) {
            return tasks.forAccount(tenantId, accountId, LIMIT).stream().map(TaskEvents::event).toList();
        }

        private static TimelineEvent event(Task task) {
            String name = task.externalId() == null ? "Task " + task.id().toString().substring(0, 8)
                    : "Task " + task.externalId();
            String detail = task.creditsUsed() + " of " + task.creditsReserved() + " credits used"
                    + (task.creditsRestored() > 0 ? ", " + task.creditsRestored() + " restored" : "")
                    + (task.note() == null ? "" : "; " + task.note());
            return new TimelineEvent(task.createdAt(), "task", name + ": " + task.status().wireName(), detail, null);
        }
    }

    @Component
    static class RequestEvents implements TimelineSource {

        private final RefundRequests requests;

        RequestEvents(RefundRequests requests) {
            this.requests = requests;
        }

        @Override
        public List<TimelineEvent> events(UUID tenantId, UUID accountId, UUID caseId) {
            return requests.forAccount(tenantId, accountId, LIMIT).stream().map(r -> event(r, caseId)).toList();
        }

        private static TimelineEvent event(RefundRequest request, UUID caseId) {
            boolean current = request.id().equals(caseId);
            return new TimelineEvent(request.receivedAt(), "request",
                    (current ? "This refund request" : "Refund request") + " ("
                            + request.category().replace('_', ' ') + "): " + request.status().wireName().replace('_', ' '),
                    (request.orderNumber() != null ? "order " + request.orderNumber() : "transaction "
                            + request.transactionId())
                            + (request.outcome() == null ? "" : "; policy proposed " + request.outcome().replace('_', ' ')),
                    current ? null : "/console/cases/" + request.id());
        }
    }
    @Component
    static class DisputeEvents implements TimelineSource {

        private final Disputes disputes;

        DisputeEvents(Disputes disputes) {
            this.disputes = disputes;
        }

        @Override
        public List<TimelineEvent> events(UUID tenantId, UUID accountId, UUID caseId) {
            return disputes.list(tenantId, null, null, accountId, LIMIT).stream().map(DisputeEvents::event).toList();
        }

        private static TimelineEvent event(Dispute d) {
            String suspended = d.suspensions().isEmpty() ? "suspended nothing"
                    : "suspended " + d.suspensions().stream().map(s -> s.kind()
                            + (s.settlement() == null ? "" : " (" + s.settlement() + ")")).collect(Collectors.joining(", "));
            return new TimelineEvent(d.openedAt(), "dispute", "Chargeback " + money(d.amount()) + " ("
                    + d.reason().replace('_', ' ') + "): " + d.outcome().wireName(),
                    d.status().replace('_', ' ') + "; " + suspended
                            + (d.refundRequestId() != null ? "; opened after a refund request" : ""),
                    "/console/disputes");
        }
    }

    @Component
    static class IncidentEvents implements TimelineSource {

        private final Incidents incidents;
        private final Orders orders;

        IncidentEvents(Incidents incidents, Orders orders) {
            this.incidents = incidents;
            this.orders = orders;
        }

        @Override
        public List<TimelineEvent> events(UUID tenantId, UUID accountId, UUID caseId) {
            Optional<Instant> since = orders.forAccount(tenantId, accountId).stream().map(Order::purchasedAt)
                    .min(Comparator.naturalOrder());
            if (since.isEmpty()) {
                return List.of();
            }
            return incidents.list(tenantId, null, LIMIT).data().stream()
                    .filter(i -> i.endedAt() == null || i.endedAt().isAfter(since.get()))
                    .map(IncidentEvents::event).toList();
        }

        private static TimelineEvent event(Incident i) {
            return new TimelineEvent(i.startedAt(), "incident", "Incident: " + i.title(),
                    i.scope() + (i.features().isEmpty() ? "" : " (" + String.join(", ", i.features()) + ")")
                            + (i.endedAt() == null ? "; ongoing" : "; " + new ConsoleFormat(java.time.ZoneOffset.UTC)
                                    .duration(Duration.between(i.startedAt(), i.endedAt()))),
                    "/console/incidents");
        }
    }
}
