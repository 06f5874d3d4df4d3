package dev.creditdesk.console.web;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.AccountSuspensions;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.Refundable;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.OrderCredits;
import dev.creditdesk.notifications.CustomerEmails;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.subscriptions.Subscriptions;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.webhooks.AccountEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * A customer, whole: balance by source, credit blocks, the ledger and tasks (paged by cursor),
 * orders with what is still refundable, subscriptions, suspensions, disputes, cases, their emails and
 * the events sent about them; and the actions support takes outside a case, each confirmed on a page
 * of its own (a GET, so nothing changes before the confirmation's POST) and offered only to the
 * roles that may take it.
 */
/**
 * What the customer page reads, each section through its module's public API, scoped to the
 * tenant: the lists that grow without bound (ledger, orders, tasks, emails, events) a page at a time
 * by the list's cursor, the others their latest {@value #LATEST}.
 */
@Component
class CustomerView {

    static final int PAGE = 20;
    static final int LATEST = 50;

    /** One order as the page shows it: what is left to refund in money and credits, and its refunds. */
    record OrderRow(Order order, Refundable refundable, OrderCredits credits, List<ProviderRefund> refunds) {
    }

    private final AccountSuspensions suspensions;
    private final Ledger ledger;
    private final Orders orders;
    private final Refunds refunds;
    private final Tasks tasks;
    private final Subscriptions subscriptions;
    private final Disputes disputes;
    private final RefundRequests requests;
    private final CustomerEmails emails;
    private final AccountEvents events;
    private final Clock clock;

    CustomerView(AccountSuspensions suspensions, Ledger ledger, Orders orders, Refunds refunds, Tasks tasks,
            Subscriptions subscriptions, Disputes disputes, RefundRequests requests, CustomerEmails emails,
            AccountEvents events, Clock clock) {
        this.suspensions = suspensions;
        this.ledger = ledger;
        this.orders = orders;
        this.refunds = refunds;
        this.tasks = tasks;
        this.subscriptions = subscriptions;
        this.disputes = disputes;
        this.requests = requests;
        this.emails = emails;
        this.events = events;
        this.clock = clock;
    }

    /** Adds every section to {@code model}; {@code params} are the page's cursors and the order or task to show. */
    void fill(Model model, ConsoleUser user, Account account, Map<String, String> params) {
        UUID tenantId = user.tenantId();
        model.addAttribute("account", account);
        model.addAttribute("now", clock.instant());
        model.addAttribute("balance", ledger.balance(tenantId, account.id()));
        model.addAttribute("blocks", ledger.blocks(tenantId, account.id(), null, ListPage.MAX_LIMIT));
        model.addAttribute("ledger", ledger.entries(tenantId, account.id(), cursor(params, "ledger_after"), PAGE));

        ListPage<Order> orderPage = orders.page(tenantId, account.id(), null, cursor(params, "orders_after"), PAGE);
        List<Order> shown = new ArrayList<>(orderPage.data());
        focus(params, "order").flatMap(o -> orders.find(tenantId, o))
                .filter(o -> o.accountId().equals(account.id()) && shown.stream().noneMatch(s -> s.id().equals(o.id())))
                .ifPresent(o -> shown.add(0, o));
        model.addAttribute("orders", shown.stream().map(o -> new OrderRow(o, refunds.refundable(tenantId, o.id()),
                ledger.orderCredits(tenantId, o.id()), refunds.forOrder(tenantId, o.id()))).toList());
        model.addAttribute("ordersPage", orderPage);

        ListPage<Task> taskPage = tasks.page(tenantId, account.id(), null, cursor(params, "tasks_after"), PAGE);
        List<Task> shownTasks = new ArrayList<>(taskPage.data());
        focus(params, "task").flatMap(t -> tasks.find(tenantId, t))
                .filter(t -> t.accountId().equals(account.id())
                        && shownTasks.stream().noneMatch(s -> s.id().equals(t.id())))
                .ifPresent(t -> shownTasks.add(0, t));
        model.addAttribute("tasks", shownTasks);
        model.addAttribute("tasksPage", taskPage);

        model.addAttribute("subscriptions", subscriptions.page(tenantId, account.id(), null, null, LATEST).data());
        model.addAttribute("suspensions", suspensions.recent(tenantId, account.id(), LATEST));
        List<Dispute> accountDisputes = disputes.list(tenantId, null, null, account.id(), LATEST);
        model.addAttribute("disputes", accountDisputes);
        List<RefundRequest> cases = requests.forAccount(tenantId, account.id(), LATEST);
        model.addAttribute("cases", cases);
        model.addAttribute("emails", emails.page(tenantId, account.email(), cases.stream().map(RefundRequest::id)
                .toList(), cursor(params, "emails_after"), PAGE));
        model.addAttribute("events", events.page(tenantId, account.id(), cursor(params, "events_after"), PAGE));

        model.addAttribute("allowed", Arrays.stream(CustomerAction.values()).filter(a -> a.allowedFor(user.role()))
                .map(CustomerAction::path).toList());
        model.addAttribute("goodwillSources", CustomerActions.GOODWILL_SOURCES);
        model.addAttribute("disputeStatuses", Dispute.STATUSES);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("form", Map.of());
            model.addAttribute("failed", "");
        }
    }

    /** A page's cursor as the list's API takes it; one of another list is refused there ("not a cursor"). */
    private static String cursor(Map<String, String> params, String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Optional<UUID> focus(Map<String, String> params, String name) {
        try {
            return Optional.ofNullable(params.get(name)).map(String::strip).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
