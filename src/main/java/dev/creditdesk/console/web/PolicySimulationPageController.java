package dev.creditdesk.console.web;

import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.refunds.PolicySimulation;
import dev.creditdesk.refunds.PolicySimulations;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * A policy simulation's page: its progress while it runs (the page polls a fragment of itself),
 * then what the draft would have changed — counts, money by currency, credits, review work, charts
 * of the rules and outcomes before and after, the transitions and the changed cases, 50 a page —
 * and, for admins, the form that publishes the simulated document. Only reads.
 */
@Controller
class PolicySimulationPageController {

    static final int CHANGES_PAGE = 50;

    private final PolicySimulations simulations;
    private final JsonMapper json;

    PolicySimulationPageController(PolicySimulations simulations, JsonMapper json) {
        this.simulations = simulations;
        this.json = json;
    }

    /** The report as {@code ReplayReport.toJson} keeps it, typed once here. */
    record Report(String object, String policyId, String version, long replayed, long changed, long unchanged,
            long unreplayable, List<Transition> transitions, List<MoneyTotal> money, Totals creditsRemoved,
            Review review, List<RuleCount> rules, List<OutcomeCount> outcomes, List<Reason> unreplayableReasons) {
    }

    record Transition(String fromOutcome, @Nullable String fromRule, String toOutcome, @Nullable String toRule,
            long count) {
    }

    record MoneyTotal(String currency, String before, String after, String difference) {
    }

    record Totals(long before, long after, long difference) {
    }

    record Review(long before, long after, long difference, String handlingMinutes, String handlingTimeSource,
            String agentMinutesDifference) {
    }

    record RuleCount(String rule, long before, long after) {
    }

    record OutcomeCount(String outcome, long before, long after) {
    }

    record Reason(String reason, long count) {
    }

    /** One changed case as the page lists it. */
    record ChangeRow(String id, String href, Instant receivedAt, String currency, String before, String after,
            String difference) {
    }

    @GetMapping("/console/policies/simulations/{id}")
    String page(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "starting_after", required = false) String startingAfter, Model model) {
        fill(model, user, require(user, id), startingAfter);
        return "console/simulation";
    }

    /** The part of the page that changes while the simulation runs; the page polls it until it ends. */
    @GetMapping("/console/policies/simulations/{id}/status")
    String status(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, Model model) {
        fill(model, user, require(user, id), null);
        return "console/simulation :: status";
    }

    private PolicySimulation require(ConsoleUser user, String id) {
        // another tenant's simulation is not found, as the API says
        return simulations.find(user.tenantId(), Ids.parseOrNotFound("policy simulation", id))
                .orElseThrow(() -> ApiProblem.notFound("policy simulation", id));
    }

    private void fill(Model model, ConsoleUser user, PolicySimulation simulation, @Nullable String startingAfter) {
        model.addAttribute("sim", simulation);
        model.addAttribute("finished", simulation.status().finished());
        Map<String, Object> stored = simulation.report();
        if (simulation.status() != PolicySimulation.Status.SUCCEEDED || stored == null) {
            return;
        }
        Report report = json.convertValue(stored, Report.class);
        model.addAttribute("report", report);
        model.addAttribute("charts", List.of(rulesChart(report), outcomesChart(report)));
        ListPage<PolicyReplay.Change> changes = simulations.changes(user.tenantId(), simulation, startingAfter,
                CHANGES_PAGE);
        boolean orders = simulation.asIf() != null;
        model.addAttribute("changes", changes.data().stream().map(c -> new ChangeRow(c.caseId(),
                orders ? "/console/search?q=" + c.caseId() : "/console/cases/" + c.caseId(), c.receivedAt(),
                c.currency(), verdict(c.before()), verdict(c.after()), signed(c.moneyDifference()))).toList());
        model.addAttribute("nextCursor", changes.nextCursor());
        model.addAttribute("startingAfter", startingAfter);
    }

    /** Each rule that decided a case in either version: how many before (blue) and after (green). */
    private static BarChart rulesChart(Report report) {
        List<BarChart.Entry> entries = new ArrayList<>();
        for (RuleCount rule : report.rules()) {
            if (rule.before() > 0 || rule.after() > 0) {
                entries.add(new BarChart.Entry(rule.rule() + " before", rule.before(), String.valueOf(rule.before()),
                        "bar"));
                entries.add(new BarChart.Entry(rule.rule() + " after", rule.after(), String.valueOf(rule.after()),
                        "bar alt"));
            }
        }
        return BarChart.horizontal("Cases by rule, before and after", entries);
    }

    private static BarChart outcomesChart(Report report) {
        List<BarChart.Entry> entries = new ArrayList<>();
        for (OutcomeCount outcome : report.outcomes()) {
            if (outcome.before() > 0 || outcome.after() > 0) {
                String name = outcome.outcome().replace('_', ' ');
                entries.add(new BarChart.Entry(name + " before", outcome.before(), String.valueOf(outcome.before()),
                        "bar"));
                entries.add(new BarChart.Entry(name + " after", outcome.after(), String.valueOf(outcome.after()),
                        "bar alt"));
            }
        }
        return BarChart.horizontal("Cases by outcome, before and after", entries);
    }

    /** {@code partial refund 27.66 · proportional-refund · 370 credits removed · reviewed}. */
    static String verdict(PolicyReplay.Verdict v) {
        StringBuilder text = new StringBuilder(v.outcome().wireName().replace('_', ' '));
        if (v.amount() != null && v.outcome().refunds()) {
            text.append(' ').append(v.amount().toPlainString());
        }
        if (v.ruleId() != null) {
            text.append(" · ").append(v.ruleId());
        }
        if (v.creditsRemoved() > 0) {
            text.append(" · ").append(v.creditsRemoved()).append(" credits removed");
        }
        if (v.review()) {
            text.append(" · a person decides");
        }
        return text.toString();
    }

    static String signed(BigDecimal amount) {
        return amount.signum() > 0 ? "+" + amount.toPlainString() : amount.toPlainString();
    }
}
