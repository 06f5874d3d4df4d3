package dev.creditdesk.console.web;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.AccountSuspensions;
import dev.creditdesk.accounts.Accounts;
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
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.subscriptions.Subscriptions;
import dev.creditdesk.tasks.Task;
import dev.creditdesk.tasks.Tasks;
import dev.creditdesk.tenants.Tenants;
import dev.creditdesk.webhooks.AccountEvents;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A customer, whole: balance by source, credit blocks, the ledger and tasks (paged by cursor),
 * orders with what is still refundable, subscriptions, suspensions, disputes, cases, their emails and
 * the events sent about them; and the actions support takes outside a case, each confirmed on a page
 * of its own (a GET, so nothing changes before the confirmation's POST) and offered only to the
 * roles that may take it.
 */
@Controller
class CustomerController {

    static final int PAGE = 20;
    static final int LATEST = 50;

    /** One order as the page shows it: what is left to refund in money and credits, and its refunds. */
    record OrderRow(Order order, Refundable refundable, OrderCredits credits, List<ProviderRefund> refunds) {
    }

    private final Accounts accounts;
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
    private final CustomerActions actions;
    private final Tenants tenants;
    private final Clock clock;

    CustomerController(Accounts accounts, AccountSuspensions suspensions, Ledger ledger, Orders orders,
            Refunds refunds, Tasks tasks, Subscriptions subscriptions, Disputes disputes, RefundRequests requests,
            CustomerEmails emails, AccountEvents events, CustomerActions actions, Tenants tenants, Clock clock) {
        this.accounts = accounts;
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
        this.actions = actions;
        this.tenants = tenants;
        this.clock = clock;
    }

    @GetMapping("/console/customers/{id}")
    String show(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam Map<String, String> params, Model model) {
        Account account = accounts.require(user.tenantId(), Ids.parseOrNotFound("account", id));
        fill(model, user, account, params);
        return "console/customer";
    }

    /** The confirmation: what the action will do, exactly, and a button that does it; or the form's mistakes. */
    @GetMapping("/console/customers/{id}/confirm/{action}")
    String confirm(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @PathVariable String action,
            @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        Account account = accounts.require(user.tenantId(), Ids.parseOrNotFound("account", id));
        CustomerAction chosen = action(action);
        if (!chosen.allowedFor(user.role())) {
            return refused(model, response, account, 403, chosen.refusal(user.role()));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<CustomerActions.Prepared> prepared = actions.prepare(user.tenantId(), account, zone(user), chosen,
                form, errors);
        if (prepared.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("errors", errors);
            model.addAttribute("form", form);
            model.addAttribute("failed", chosen.path());
            fill(model, user, account, Map.of());
            return "console/customer";
        }
        model.addAttribute("account", account);
        model.addAttribute("title", chosen.title() + "?");
        model.addAttribute("summary", prepared.get().summary());
        model.addAttribute("fields", prepared.get().fields());
        model.addAttribute("action", chosen.path());
        return "console/customer-confirm";
    }

    @PostMapping("/console/customers/{id}/actions/{action}")
    String act(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, @PathVariable String action,
            @RequestParam Map<String, String> form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        Account account = accounts.require(user.tenantId(), Ids.parseOrNotFound("account", id));
        CustomerAction chosen = action(action);
        if (!chosen.allowedFor(user.role())) {
            return refused(model, response, account, 403, chosen.refusal(user.role()));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<CustomerActions.Prepared> prepared = actions.prepare(user.tenantId(), account, zone(user), chosen,
                form, errors);
        if (prepared.isEmpty()) {
            return refused(model, response, account, 409, String.join(" ", errors.values()) + " Nothing was changed.");
        }
        String done;
        try {
            done = actions.run(user.tenantId(), account, prepared.get(), user.actor());
        } catch (ApiProblem problem) {
            return refused(model, response, account, problem.status(), problem.getMessage() + ". Nothing was changed.");
        }
        redirect.addFlashAttribute("done", done);
        return "redirect:/console/customers/" + account.id();
    }

    private static CustomerAction action(String path) {
        return CustomerAction.fromPath(path).orElseThrow(() -> new ApiProblem(404, "not-found", "Not found",
                "There is no action " + path + " on a customer"));
    }

    private String refused(Model model, HttpServletResponse response, Account account, int status, String why) {
        response.setStatus(status);
        model.addAttribute("account", account);
        model.addAttribute("title", "Not done");
        model.addAttribute("refused", why.replace("..", "."));
        return "console/customer-confirm";
    }

    private ZoneId zone(ConsoleUser user) {
        return tenants.require(user.tenantId()).settings().timezone();
    }

    private void fill(Model model, ConsoleUser user, Account account, Map<String, String> params) {
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
