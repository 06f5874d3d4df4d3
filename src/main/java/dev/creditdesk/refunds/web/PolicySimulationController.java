package dev.creditdesk.refunds.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.refunds.PolicySimulation;
import dev.creditdesk.refunds.PolicySimulations;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy simulations: replay a candidate version (published, or a draft document) over the
 * tenant's past refund requests, or over its past orders as if a request had come N days after
 * each purchase. Asking queues one (202); it runs in the background, and the resource shows its
 * progress, then its report, with the changed cases as a list of their own.
 */
@RestController
class PolicySimulationController {

    /** The same bound as publishing a policy. */
    private static final int MAX_DOCUMENT = 100_000;
    private static final BigDecimal MAX_HANDLING_MINUTES = BigDecimal.valueOf(480);
    private static final java.util.regex.Pattern MINUTES = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,2})?");

    private final PolicySimulations simulations;
    private final Tenants tenants;
    private final JsonMapper json;

    PolicySimulationController(PolicySimulations simulations, Tenants tenants, JsonMapper json) {
        this.simulations = simulations;
        this.tenants = tenants;
        this.json = json;
    }

    @Schema(description = "Past orders, each as if a request of this category had come this many days after its purchase")
    record OrdersBody(@Schema(requiredMode = REQUIRED) String category,
            @Schema(requiredMode = REQUIRED, minimum = "0", maximum = "3650") Integer day) {
    }

    record SimulationBody(
            @Schema(description = "A published version of the policy to replay; give this or document") String version,
            @Schema(description = "A draft policy document (YAML) whose id is the policy's; give this or version")
            String document,
            @Schema(description = "Requests received from (a date in the tenant's timezone, or an RFC 3339 time); "
                    + "default: 90 days before to") String from,
            @Schema(description = "Requests received before (a date, or an RFC 3339 time); default: now") String to,
            @Schema(description = "Minutes a person spends on a reviewed case; default: the tenant's measured time",
                    example = "7.5") String handlingMinutes,
            OrdersBody orders) {
    }

    record ProgressView(long processed, @Nullable Long total) {
    }

    record TransitionView(String fromOutcome, @Nullable String fromRule, String toOutcome, @Nullable String toRule,
            long count) {
    }

    record MoneyView(String currency, String before, String after, String difference) {
    }

    record TotalsView(long before, long after, long difference) {
    }

    record ReviewView(long before, long after, long difference, String handlingMinutes, String handlingTimeSource,
            String agentMinutesDifference) {
    }

    record RuleCountView(String rule, long before, long after) {
    }

    record OutcomeCountView(String outcome, long before, long after) {
    }

    record ReasonView(String reason, long count) {
    }

    @Schema(description = "What the replay found: before is what the cases got, after what the candidate decides")
    record ReportView(String object, String policyId, String version, long replayed, long changed, long unchanged,
            long unreplayable, List<TransitionView> transitions, List<MoneyView> money, TotalsView creditsRemoved,
            ReviewView review, List<RuleCountView> rules, List<OutcomeCountView> outcomes,
            List<ReasonView> unreplayableReasons) {
    }

    record OrdersView(String category, int day) {
    }

    record SimulationView(String object, String id, String policyId, String version, Instant from, Instant to,
            @Nullable OrdersView orders, @Schema(allowableValues = {"queued", "running", "succeeded", "failed"})
            String status, ProgressView progress, @Nullable ReportView report, long changesStored,
            @Nullable String error, String createdBy, Instant createdAt, @Nullable Instant startedAt,
            @Nullable Instant finishedAt, String changesUrl) {
    }

    record SimulationList(String object, List<SimulationView> data, boolean hasMore, @Nullable String nextCursor) {
    }

    record VerdictView(String outcome, @Nullable String rule, @Nullable String amount, long creditsRemoved,
            boolean review) {
        static VerdictView of(PolicyReplay.Verdict v) {
            return new VerdictView(v.outcome().wireName(), v.ruleId(),
                    v.amount() == null ? null : v.amount().toPlainString(), v.creditsRemoved(), v.review());
        }
    }

    record LinksView(String api, String console) {
    }

    @Schema(description = "A case the candidate decides otherwise (an order, for a replay over past orders)")
    record ChangeView(String object, String id, @Schema(allowableValues = {"refund_request", "order"}) String kind,
            Instant receivedAt, String currency, VerdictView before, VerdictView after, String moneyDifference,
            LinksView links) {
    }

    @ErrorAnswer(status = 422, when = "The document is not a valid policy, or defines another policy")
    @Operation(operationId = "createPolicySimulation",
            summary = "Replay a policy version over past refund requests (runs in the background)")
    @PostMapping("/v1/policies/{id}/simulations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Allow({Role.SUPPORT, Role.ADMIN})
    SimulationView create(Caller caller, @PathVariable String id, @RequestBody SimulationBody body) {
        ZoneId zone = tenants.require(caller.tenantId()).settings().timezone();
        List<FieldProblem> errors = new ArrayList<>();
        String version = Fields.optionalText(body.version(), "version", Fields.MAX_TEXT, errors);
        String document = body.document() == null ? null
                : Fields.requiredText(body.document(), "document", MAX_DOCUMENT, errors);
        Instant from = time(body.from(), "from", zone, errors);
        Instant to = time(body.to(), "to", zone, errors);
        Duration handling = handling(body.handlingMinutes(), errors);
        PolicySimulation.AsIf asIf = null;
        if (body.orders() != null) {
            String category = Fields.requiredText(body.orders().category(), "orders.category", Fields.MAX_TEXT, errors);
            Integer day = body.orders().day();
            if (day == null || day < 0 || day > 3650) {
                errors.add(new FieldProblem("orders.day", "must be a whole number of days from 0 to 3650"));
            } else if (category != null) {
                asIf = new PolicySimulation.AsIf(category, day);
            }
        }
        Fields.throwIfAny(errors);
        PolicySimulation created = simulations.create(caller.tenantId(),
                new PolicySimulation.Request(id, version, document, from, to, asIf, handling), caller.actor());
        return view(created);
    }

    @Operation(operationId = "listPolicySimulations", summary = "List a policy's simulations, newest first")
    @GetMapping("/v1/policies/{id}/simulations")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    SimulationList list(Caller caller, @PathVariable String id,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<PolicySimulation> page = simulations.list(caller.tenantId(), id, startingAfter,
                ListPage.checkedLimit(limit));
        return new SimulationList("list", page.data().stream().map(this::view).toList(), page.hasMore(),
                page.nextCursor());
    }

    @Operation(operationId = "getPolicySimulation", summary = "Get a policy simulation: its progress, then its report")
    @GetMapping("/v1/policies/{id}/simulations/{simulation_id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    SimulationView get(Caller caller, @PathVariable String id, @PathVariable("simulation_id") String simulationId) {
        return view(require(caller, id, simulationId));
    }

    @Operation(operationId = "listPolicySimulationChanges",
            summary = "List the cases a policy simulation found decided otherwise, oldest first")
    @GetMapping("/v1/policies/{id}/simulations/{simulation_id}/changes")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<ChangeView> changes(Caller caller, @PathVariable String id,
            @PathVariable("simulation_id") String simulationId,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        int checked = ListPage.checkedLimit(limit);
        PolicySimulation simulation = require(caller, id, simulationId);
        ListPage<PolicyReplay.Change> page = simulations.changes(caller.tenantId(), simulation, startingAfter, checked);
        boolean orders = simulation.asIf() != null;
        return new ListPage<>(page.data().stream().map(c -> new ChangeView("policy_simulation_change", c.caseId(),
                orders ? "order" : "refund_request", c.receivedAt(), c.currency(), VerdictView.of(c.before()),
                VerdictView.of(c.after()), c.moneyDifference().toPlainString(), orders
                        ? new LinksView("/v1/orders/" + c.caseId(), "/console/search?q=" + c.caseId())
                        : new LinksView("/v1/refund-requests/" + c.caseId(), "/console/cases/" + c.caseId())))
                .toList(), page.hasMore(), page.nextCursor());
    }

    private PolicySimulation require(Caller caller, String policyId, String simulationId) {
        return simulations.find(caller.tenantId(), policyId, Ids.parseOrNotFound("policy simulation", simulationId))
                .orElseThrow(() -> ApiProblem.notFound("policy simulation", simulationId));
    }

    private SimulationView view(PolicySimulation s) {
        Map<String, Object> report = s.report();
        return new SimulationView("policy_simulation", s.id().toString(), s.policyId(), s.version(), s.from(), s.to(),
                s.asIf() == null ? null : new OrdersView(s.asIf().category(), s.asIf().day()), s.status().wireName(),
                new ProgressView(s.processed(), s.total()),
                report == null ? null : json.convertValue(report, ReportView.class), s.changesStored(), s.error(),
                s.createdBy(), s.createdAt(), s.startedAt(), s.finishedAt(),
                "/v1/policies/" + s.policyId() + "/simulations/" + s.id() + "/changes");
    }

    /** A date (midnight in the tenant's timezone) or an RFC 3339 time; null when not given. */
    static @Nullable Instant time(@Nullable String value, String field, ZoneId zone, List<FieldProblem> errors) {
        if (value == null) {
            return null;
        }
        Instant at;
        try {
            at = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
        } catch (DateTimeException e) {
            errors.add(new FieldProblem(field, "must be a date (2026-01-31) or an RFC 3339 time (2026-01-31T00:00:00Z)"));
            return null;
        }
        if (!Fields.withinTimeBounds(at)) {
            errors.add(new FieldProblem(field, "must be between " + Fields.EARLIEST_TIME + " and " + Fields.LATEST_TIME));
            return null;
        }
        return at;
    }

    private static @Nullable Duration handling(@Nullable String minutes, List<FieldProblem> errors) {
        if (minutes == null) {
            return null;
        }
        // a plain decimal only: "1e-400000000" would pass the bounds and cost minutes to scale
        if (!MINUTES.matcher(minutes).matches()) {
            errors.add(new FieldProblem("handling_minutes", "must be a number of minutes, such as \"7.5\""));
            return null;
        }
        BigDecimal value = new BigDecimal(minutes);
        if (value.signum() <= 0 || value.compareTo(MAX_HANDLING_MINUTES) > 0) {
            errors.add(new FieldProblem("handling_minutes", "must be more than 0 and at most " + MAX_HANDLING_MINUTES));
            return null;
        }
        return Duration.ofSeconds(value.multiply(BigDecimal.valueOf(60)).setScale(0, java.math.RoundingMode.HALF_UP)
                .max(BigDecimal.ONE).longValueExact());
    }
}
