package dev.creditdesk.console.web;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    private final Accounts accounts;
    private final CustomerView view;
    private final CustomerActions actions;
    private final Tenants tenants;

    CustomerController(Accounts accounts, CustomerView view, CustomerActions actions, Tenants tenants) {
        this.accounts = accounts;
        this.view = view;
        this.actions = actions;
        this.tenants = tenants;
    }

    @GetMapping("/console/customers/{id}")
    String show(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam Map<String, String> params, Model model) {
        Account account = accounts.require(user.tenantId(), Ids.parseOrNotFound("account", id));
        view.fill(model, user, account, params);
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
            view.fill(model, user, account, Map.of());
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

}
