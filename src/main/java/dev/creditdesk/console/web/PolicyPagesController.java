package dev.creditdesk.console.web;

import dev.creditdesk.policy.Policies;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyException;
import dev.creditdesk.policy.PublishedPolicy;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
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
 * Policies: the versions the tenant can apply, checking a document (lint), publishing it (admins
 * only), and running a cases file against a version. Checking and running change nothing.
 */
@Controller
class PolicyPagesController {

    /** The same bound as the API's publish. */
    private static final int MAX_DOCUMENT = 100_000;

    private final Policies policies;
    private final Tenants tenants;
    private final TransactionTemplate transactions;
    private final PolicyDocuments documents = PolicyDocuments.standard();

    PolicyPagesController(Policies policies, Tenants tenants, TransactionTemplate transactions) {
        this.policies = policies;
        this.tenants = tenants;
        this.transactions = transactions;
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
        model.addAttribute("active", tenants.require(user.tenantId()).policyId());
        model.addAttribute("document", document);
        model.addAttribute("activate", activate);
        model.addAttribute("version", version);
        model.addAttribute("cases", cases);
    }
}
