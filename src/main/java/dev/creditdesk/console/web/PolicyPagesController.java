package dev.creditdesk.console.web;

import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyException;
import dev.creditdesk.policy.PublishedPolicy;
import dev.creditdesk.refunds.PolicySimulation;
import dev.creditdesk.refunds.PolicySimulations;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Policies: the versions the tenant can apply, checking a document (lint), simulating it over past
 * requests, publishing it (admins only), and running a cases file against a version. Checking and
 * running change nothing; simulating only queues a simulation
 * ({@link PolicySimulationPageController} shows it).
 */
@Controller
class PolicyPagesController {

    /** The same bound as the API's publish. */
    private static final int MAX_DOCUMENT = 100_000;
    /** The same bound as the API's simulations: past orders, as if a request came this many days after. */
    private static final int MAX_AS_IF_DAY = 3650;
    private static final int RECENT_SIMULATIONS = 10;
    /** The simulation service's field names for the form's. */
    private static final Map<String, String> FORM_FIELDS = Map.of("orders.category", "orders_category",
            "orders.day", "orders_day");

    private final Policies policies;
    private final Tenants tenants;
    private final TransactionTemplate transactions;
    private final PolicySimulations simulations;
    private final Clock clock;
    private final PolicyDocuments documents = PolicyDocuments.standard();

    PolicyPagesController(Policies policies, Tenants tenants, TransactionTemplate transactions,
            PolicySimulations simulations, Clock clock) {
        this.policies = policies;
        this.tenants = tenants;
        this.transactions = transactions;
        this.simulations = simulations;
        this.clock = clock;
    }

    /**
     * The simulation part of the draft's form, as typed: the period (days in the tenant's timezone,
     * both included) and, optionally, past orders as if a request of a category came a day after each.
     */
    record SimulationForm(String from, String to, String ordersCategory, String ordersDay) {
    }

    /** What checking a document found: the policy it defines, or every problem with its line. */
    record Lint(boolean ok, String summary, List<String> problems) {
    }

    /** A cases file's run: one line per case. */
    record CaseRun(String policy, long passed, long failed, List<PolicyDocuments.CaseResult> results, String error) {
    }

    @GetMapping("/console/policies")
    String page(@AuthenticationPrincipal ConsoleUser user, Model model) {
        fill(model, user, "", false, "", "");
        return "console/policies";
    }

    @PostMapping("/console/policies/lint")
    String lint(@AuthenticationPrincipal ConsoleUser user, @RequestParam(name = "document", defaultValue = "") String document,
            @RequestParam(name = "activate", defaultValue = "false") boolean activate, Model model) {
        model.addAttribute("lint", lint(document));
        fill(model, user, document, activate, "", "");
        return "console/policies";
    }

    @PostMapping("/console/policies/publish")
    String publish(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "document", defaultValue = "") String document,
            @RequestParam(name = "activate", defaultValue = "false") boolean activate, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (!user.admin()) {
            response.setStatus(403);
            model.addAttribute("refused", "Publishing a policy needs an admin key; you are signed in with a "
                    + user.role().wireName() + " key. Nothing was published.");
            fill(model, user, document, activate, "", "");
            return "console/policies";
        }
        Lint lint = lint(document);
        if (!lint.ok()) {
            response.setStatus(422);
            model.addAttribute("lint", lint);
            fill(model, user, document, activate, "", "");
            return "console/policies";
        }
        PublishedPolicy published;
        try {
            // Publishing and choosing the policy commit together, or neither does.
            published = transactions.execute(tx -> {
                PublishedPolicy p = policies.publish(user.tenantId(), document, user.actor());
                if (activate) {
                    tenants.choosePolicy(user.tenantId(), p.id());
                }
                return p;
            });
        } catch (ApiProblem problem) {
            response.setStatus(problem.status());
            model.addAttribute("lint", new Lint(false, problem.getMessage(), List.of()));
            fill(model, user, document, activate, "", "");
            return "console/policies";
        }
        redirect.addFlashAttribute("done", "Published " + published.id() + " version " + published.version()
                + (activate ? "; the tenant applies it from " + published.effectiveFrom() + "." : "."));
        return "redirect:/console/policies";
    }

    /**
     * Queues a simulation of the pasted draft over the tenant's past requests (support and admins) and
     * opens its page; a draft that does not load, or a period or orders option that is not one, comes
     * back on this page with the mistake next to its field, and nothing is queued.
     */
    @PostMapping("/console/policies/simulate")
    String simulate(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "document", defaultValue = "") String document,
            @RequestParam(name = "activate", defaultValue = "false") boolean activate,
            @RequestParam(name = "from", defaultValue = "") String from,
            @RequestParam(name = "to", defaultValue = "") String to,
            @RequestParam(name = "orders_category", defaultValue = "") String ordersCategory,
            @RequestParam(name = "orders_day", defaultValue = "") String ordersDay, Model model,
            HttpServletResponse response) {
        SimulationForm form = new SimulationForm(from.strip(), to.strip(), ordersCategory.strip(), ordersDay.strip());
        Lint lint = lint(document);
        ZoneId zone = tenants.require(user.tenantId()).settings().timezone();
        Map<String, String> mistakes = new LinkedHashMap<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate lastDay = form.to().isEmpty() ? today : day(form.to(), "to", mistakes);
        LocalDate firstDay = !form.from().isEmpty() ? day(form.from(), "from", mistakes)
                : lastDay == null ? null : lastDay.minusDays(PolicySimulations.DEFAULT_PERIOD.toDays());
        if (firstDay != null && lastDay != null && lastDay.isBefore(firstDay)) {
            mistakes.put("to", "must be on or after the first day (" + firstDay + ")");
        }
        PolicySimulation.AsIf asIf = asIf(form, mistakes);
        if (!lint.ok() || !mistakes.isEmpty()) {
            response.setStatus(422);
            if (!lint.ok()) {
                model.addAttribute("lint", lint);
            }
            return simulationRefused(model, user, document, activate, form, mistakes, null);
        }
        String policyId = documents.load("document", document).policy().id();
        PolicySimulation created;
        try {
            created = simulations.create(user.tenantId(), new PolicySimulation.Request(policyId, null, document,
                    firstDay.atStartOfDay(zone).toInstant(), lastDay.plusDays(1).atStartOfDay(zone).toInstant(), asIf,
                    null), user.actor());
        } catch (ApiProblem problem) {
            response.setStatus(problem.status());
            problem.errors().forEach(e -> mistakes.put(FORM_FIELDS.getOrDefault(e.field(), e.field()), e.message()));
            return simulationRefused(model, user, document, activate, form, mistakes,
                    problem.errors().isEmpty() ? problem.getMessage() : "The simulation was not started.");
        }
        return "redirect:/console/policies/simulations/" + created.id();
    }

    private String simulationRefused(Model model, ConsoleUser user, String document, boolean activate,
            SimulationForm form, Map<String, String> mistakes, String message) {
        model.addAttribute("mistakes", mistakes);
        model.addAttribute("simulationRefused", message != null ? message
                : model.containsAttribute("lint") ? "The document has problems; nothing was simulated."
                : "Nothing was simulated; correct the fields marked.");
        fill(model, user, document, activate, "", "");
        model.addAttribute("simulation", form);
        return "console/policies";
    }

    private static LocalDate day(String value, String field, Map<String, String> mistakes) {
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() < 2000 || day.getYear() > 2100) {
                mistakes.put(field, "must be a day between 2000 and 2100");
                return null;
            }
            return day;
        } catch (DateTimeException e) {
            mistakes.put(field, "must be a date like 2026-12-04");
            return null;
        }
    }

    private static PolicySimulation.AsIf asIf(SimulationForm form, Map<String, String> mistakes) {
        if (form.ordersCategory().isEmpty() && form.ordersDay().isEmpty()) {
            return null;
        }
        if (form.ordersCategory().isEmpty()) {
            mistakes.put("orders_category", "is needed with a day: the category of the request each order gets");
        }
        Integer day = null;
        try {
            day = Integer.valueOf(form.ordersDay());
        } catch (NumberFormatException e) {
            // named below
        }
        if (day == null || day < 0 || day > MAX_AS_IF_DAY) {
            mistakes.put("orders_day", "must be a whole number of days from 0 to " + MAX_AS_IF_DAY);
            return null;
        }
        return form.ordersCategory().isEmpty() ? null : new PolicySimulation.AsIf(form.ordersCategory(), day);
    }

    @PostMapping("/console/policies/cases")
    String runCases(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "version", defaultValue = "") String version,
            @RequestParam(name = "cases", defaultValue = "") String cases, Model model) {
        model.addAttribute("run", run(user, version, cases));
        fill(model, user, "", false, version, cases);
        return "console/policies";
    }

    private Lint lint(String document) {
        if (document.isBlank()) {
            return new Lint(false, "Paste a policy document to check.", List.of());
        }
        if (document.length() > MAX_DOCUMENT) {
            return new Lint(false, "The document is longer than " + MAX_DOCUMENT + " characters.", List.of());
        }
        try {
            var policy = documents.load("document", document).policy();
            return new Lint(true, "No problems: " + policy.id() + " version " + policy.version() + ", "
                    + policy.rules().size() + " rules, effective from " + policy.effectiveFrom() + ".", List.of());
        } catch (PolicyException e) {
            return new Lint(false, e.problems().size() + " problem(s):", e.problems());
        }
    }

    private CaseRun run(ConsoleUser user, String version, String cases) {
        Optional<PublishedPolicy> chosen = policies.list(user.tenantId()).stream()
                .filter(p -> key(p).equals(version)).findFirst();
        if (chosen.isEmpty()) {
            return new CaseRun(version, 0, 0, List.of(), "Choose a policy version.");
        }
        if (cases.isBlank()) {
            return new CaseRun(version, 0, 0, List.of(), "Paste a cases file to run.");
        }
        if (cases.length() > MAX_DOCUMENT) {
            return new CaseRun(version, 0, 0, List.of(), "The cases file is longer than " + MAX_DOCUMENT
                    + " characters.");
        }
        try {
            PolicyDocuments.Loaded loaded = documents.load(version, chosen.get().document());
            List<PolicyDocuments.CaseResult> results = loaded.test("cases", cases,
                    tenants.require(user.tenantId()).settings().timezone().getId());
            long passed = results.stream().filter(PolicyDocuments.CaseResult::passed).count();
            return new CaseRun(version, passed, results.size() - passed, results, null);
        } catch (PolicyException e) {
            return new CaseRun(version, 0, 0, List.of(), String.join("\n", e.problems()));
        } catch (RuntimeException e) {
            // a cases file that is not YAML, or not the shape of one, says where
            return new CaseRun(version, 0, 0, List.of(), Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
    }

    static String key(PublishedPolicy p) {
        return p.id() + "@" + p.version();
    }

    private void fill(Model model, ConsoleUser user, String document, boolean activate, String version, String cases) {
        model.addAttribute("versions", policies.list(user.tenantId()));
        String active = tenants.require(user.tenantId()).policyId();
        model.addAttribute("active", active);
        model.addAttribute("simulations", active == null ? List.of()
                : simulations.recent(user.tenantId(), active, RECENT_SIMULATIONS));
        LocalDate today = LocalDate.ofInstant(clock.instant(), tenants.require(user.tenantId()).settings().timezone());
        model.addAttribute("simulation", new SimulationForm(
                today.minusDays(PolicySimulations.DEFAULT_PERIOD.toDays()).toString(), today.toString(), "", ""));
        if (!model.containsAttribute("mistakes")) {
            model.addAttribute("mistakes", Map.of());
        }
        model.addAttribute("document", document);
        model.addAttribute("activate", activate);
        model.addAttribute("version", version);
        model.addAttribute("cases", cases);
    }
}
