package dev.creditdesk.console.web;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.OrderLookup;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.DisputeLookup;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What one search box finds in a tenant: customers by email (any case) or external id, orders by
 * number or payment id (transaction or provider charge id), disputes by the provider's id, and any
 * object by its own id (customer, order, case, task, dispute, refund). Reads only, through the
 * modules' public APIs, scoped to the tenant.
 */
@Component
class Search {

    /** The longest query looked up: every id and email the API accepts is shorter. */
    static final int MAX_QUERY = 320;
    static final int MAX_EMAIL_MATCHES = 20;

    /** One thing found: what it is, what matched, where its page is. */
    record Match(String kind, String label, String matched, String href, UUID accountId) {
    }

    private final Accounts accounts;
    private final Orders orders;
    private final OrderLookup orderLookup;
    private final Refunds refunds;
    private final RefundRequests requests;
    private final Tasks tasks;
    private final Disputes disputes;
    private final DisputeLookup disputeLookup;

    Search(Accounts accounts, Orders orders, OrderLookup orderLookup, Refunds refunds, RefundRequests requests,
            Tasks tasks, Disputes disputes, DisputeLookup disputeLookup) {
        this.accounts = accounts;
        this.orders = orders;
        this.orderLookup = orderLookup;
        this.refunds = refunds;
        this.requests = requests;
        this.tasks = tasks;
        this.disputes = disputes;
        this.disputeLookup = disputeLookup;
    }

    /** Everything {@code query} names, each once, in the order: customers, orders, cases, tasks, disputes, refunds. */
    List<Match> find(UUID tenantId, String query) {
        Map<String, Match> found = new LinkedHashMap<>();
        Optional<UUID> id = uuid(query);
        if (id.isPresent()) {
            UUID uuid = id.get();
            accounts.find(tenantId, uuid).ifPresent(a -> add(found, customer(a, "customer id")));
            orders.find(tenantId, uuid).ifPresent(o -> add(found, order(o, "order id")));
            requests.find(tenantId, uuid).ifPresent(r -> add(found, refundRequest(r, "case id")));
            tasks.find(tenantId, uuid).ifPresent(t -> add(found, task(t, "task id")));
            disputes.find(tenantId, uuid).ifPresent(d -> add(found, dispute(d, "dispute id")));
            refunds.find(tenantId, uuid).ifPresent(r -> add(found, refund(tenantId, r)));
        }
        if (query.contains("@")) {
            accounts.page(tenantId, query, null, null, MAX_EMAIL_MATCHES).data()
                    .forEach(a -> add(found, customer(a, "email")));
        }
        accounts.findByExternalId(tenantId, query).ifPresent(a -> add(found, customer(a, "external id")));
        orders.findByNumber(tenantId, query).ifPresent(o -> add(found, order(o, "order number")));
        orderLookup.byPaymentId(tenantId, query).forEach(o -> add(found, order(o, "transaction id")));
        disputeLookup.byProviderDisputeId(tenantId, query).forEach(d -> add(found, dispute(d, "provider's dispute id")));
        return new ArrayList<>(found.values());
    }

    private static void add(Map<String, Match> found, Match match) {
        found.merge(match.href(), match, (a, b) -> new Match(a.kind(), a.label(), a.matched() + ", " + b.matched(),
                a.href(), a.accountId()));
    }

    private static Optional<UUID> uuid(String query) {
        if (query.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(query));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Match customer(Account a, String matched) {
        return new Match("customer", a.email() + " (" + a.externalId() + ")", matched,
                "/console/customers/" + a.id(), a.id());
    }

    private static Match order(Order o, String matched) {
        return new Match("order", "order " + o.orderNumber(), matched,
                "/console/customers/" + o.accountId() + "?order=" + o.id() + "#order-" + o.id(), o.accountId());
    }

    private static Match refundRequest(RefundRequest r, String matched) {
        return new Match("case", "refund request about " + r.orderReference() + " (" + r.status().wireName()
                .replace('_', ' ') + ")", matched, "/console/cases/" + r.id(), r.accountId());
    }

    private static Match task(Task t, String matched) {
        return new Match("task", "task " + t.id() + " (" + t.status().wireName() + ")", matched,
                "/console/customers/" + t.accountId() + "?task=" + t.id() + "#task-" + t.id(), t.accountId());
    }

    private static Match dispute(Dispute d, String matched) {
        return new Match("dispute", "dispute " + (d.providerDisputeId() == null ? d.id() : d.providerDisputeId())
                + " (" + d.outcome().wireName() + ")", matched,
                "/console/customers/" + d.accountId() + "#dispute-" + d.id(), d.accountId());
    }

    private Match refund(UUID tenantId, ProviderRefund r) {
        Order o = orders.require(tenantId, r.orderId());
        return new Match("refund", "refund of " + r.amount().getAmount().toPlainString() + " "
                + r.amount().getCurrencyUnit().getCode() + " on order " + o.orderNumber() + " (" + r.status().wireName()
                + ")", "refund id", "/console/customers/" + o.accountId() + "?order=" + o.id() + "#order-" + o.id(),
                o.accountId());
    }
}
