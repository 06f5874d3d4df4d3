package dev.creditdesk.console.web;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.console.internal.SavedFilters;
import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.refunds.CaseAssignments;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.QueueFilter;
import dev.creditdesk.refunds.QueuedCase;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The review queue: cases soonest due first, with the business days they have left and who works
 * them; filters by status, reason, assignee (mine, unassigned) and overdue; "next case" claims the
 * soonest-due unassigned case in review and opens it.
 */
@Controller
class QueueController {

    /** The status filter's value for every status (an empty value would mean the default, in review). */
    static final String ANY = "any";
    static final List<String> STATUSES = java.util.Arrays.stream(CaseStatus.values()).map(CaseStatus::wireName)
            .toList();
    static final List<String> ASSIGNED = List.of("", "me", "unassigned");
    /** One page of the queue, soonest due first. */
    static final int PAGE = 100;
    static final int MAX_PAGE = 1_000;

    private final CaseAssignments assignments;
    private final Tenants tenants;
    private final People people;
    private final BusinessCalendar calendar;
    private final Clock clock;
    private final SavedFilters savedFilters;

    QueueController(CaseAssignments assignments, Tenants tenants, People people, BusinessCalendar calendar,
            Clock clock, SavedFilters savedFilters) {
        this.savedFilters = savedFilters;
        this.assignments = assignments;
        this.tenants = tenants;
        this.people = people;
        this.calendar = calendar;
        this.clock = clock;
    }

    record Row(QueuedCase queued, TimeLeft timeLeft, String assignee) {
    }

    /**
     * The queue's filters as the page understands them, whatever the address said: an unknown
     * status means any, an unknown reason or assignee means any, overdue is on only for "1".
     */
    record Filters(String status, String reason, String assigned, boolean overdueOnly) {

        static Filters of(String status, String reason, String assigned, String overdue) {
            return new Filters(status == null || status.isEmpty() ? CaseStatus.IN_REVIEW.wireName()
                    : STATUSES.contains(status) ? status : ANY,
                    reason != null && RefundRequests.CATEGORIES.contains(reason) ? reason : "",
                    assigned != null && ASSIGNED.contains(assigned) ? assigned : "", "1".equals(overdue));
        }

        /** The queue's query string for these filters (what a saved filter keeps), defaults left out. */
        String query() {
            UriComponentsBuilder query = UriComponentsBuilder.newInstance().queryParam("status", status);
            if (!reason.isEmpty()) {
                query.queryParam("reason", reason);
            }
            if (!assigned.isEmpty()) {
                query.queryParam("assigned", assigned);
            }
            if (overdueOnly) {
                query.queryParam("overdue", "1");
            }
            return query.encode().build().getQuery();
        }
    }

    @GetMapping("/console/queue")
    String queue(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "reason", required = false, defaultValue = "") String reason,
            @RequestParam(name = "assigned", required = false, defaultValue = "") String assigned,
            @RequestParam(name = "overdue", required = false, defaultValue = "") String overdue,
            @RequestParam(name = "page", required = false, defaultValue = "1") String pageParam, Model model) {
        return queue(user, Filters.of(status, reason, assigned, overdue), pageNumber(pageParam), model);
    }

    private String queue(ConsoleUser user, Filters filters, int page, Model model) {
        String statusValue = filters.status();
        String reasonFilter = filters.reason().isEmpty() ? null : filters.reason();
        String assignedValue = filters.assigned();
        boolean overdueOnly = filters.overdueOnly();
        Tenant tenant = tenants.require(user.tenantId());
        Instant now = clock.instant();
        QueueFilter filter = new QueueFilter(CaseStatus.fromWire(statusValue), reasonFilter,
                assignedValue.equals("unassigned"), assignedValue.equals("me") ? user.actor() : null, overdueOnly);
        List<QueuedCase> found = assignments.queue(user.tenantId(), filter, (page - 1) * PAGE, PAGE + 1);
        Map<String, String> names = people.list(user.tenantId()).stream()
                .collect(Collectors.toMap(Person::actor, Person::name, (a, b) -> a));
        List<Row> rows = found.stream().limit(PAGE).map(q -> new Row(q,
                TimeLeft.of(q.request(), tenant, now, calendar), name(user, names, q.assignee()))).toList();
        model.addAttribute("page", page);
        model.addAttribute("hasMore", found.size() > PAGE);
        model.addAttribute("rows", rows);
        model.addAttribute("status", statusValue);
        model.addAttribute("reason", reasonFilter == null ? "" : reasonFilter);
        model.addAttribute("assigned", assignedValue);
        model.addAttribute("overdueOnly", overdueOnly);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("reasons", RefundRequests.CATEGORIES);
        model.addAttribute("overdue", rows.stream().filter(r -> r.timeLeft().overdue()).count());
        model.addAttribute("limit", PAGE);
        model.addAttribute("filterQuery", filters.query());
        model.addAttribute("savedFilters", savedFilters.list(user.tenantId(), user.actor()));
        if (!model.containsAttribute("filterName")) {
            model.addAttribute("filterName", "");
        }
        return "console/queue";
    }

    /**
     * Saves the queue's current filters under a name for whoever is signed in; a name missing, too
     * long or already theirs brings the queue back with the mistake next to the field, nothing saved.
     */
    @PostMapping("/console/queue/filters")
    String saveFilter(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "name", required = false, defaultValue = "") String name,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "reason", required = false, defaultValue = "") String reason,
            @RequestParam(name = "assigned", required = false, defaultValue = "") String assigned,
            @RequestParam(name = "overdue", required = false, defaultValue = "") String overdue, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Filters filters = Filters.of(status, reason, assigned, overdue);
        SavedFilters.Outcome outcome = savedFilters.save(user.tenantId(), user.actor(), name, filters.query());
        if (outcome instanceof SavedFilters.Outcome.Refused refused) {
            response.setStatus(422);
            model.addAttribute("filterName", name);
            model.addAttribute("filterError", refused.mistake());
            return queue(user, filters, 1, model);
        }
        SavedFilters.SavedFilter saved = ((SavedFilters.Outcome.Saved) outcome).filter();
        redirect.addFlashAttribute("done", "Filter \u201c" + saved.name() + "\u201d saved.");
        return "redirect:/console/queue?" + saved.query();
    }

    /** Deletes one of the signed-in person's (or key's) saved filters; another's, or none, is not found. */
    @PostMapping("/console/queue/filters/{id}/delete")
    String deleteFilter(@AuthenticationPrincipal ConsoleUser user, @PathVariable("id") String id,
            RedirectAttributes redirect) {
        UUID filterId = Ids.parseOrNotFound("saved filter", id);
        if (!savedFilters.delete(user.tenantId(), user.actor(), filterId)) {
            throw ApiProblem.notFound("saved filter", id);
        }
        redirect.addFlashAttribute("done", "Saved filter deleted.");
        return "redirect:/console/queue";
    }

    /** Claims the soonest-due unassigned case in review for whoever is signed in, and opens it. */
    @PostMapping("/console/queue/next")
    String next(@AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect) {
        Optional<UUID> claimed = assignments.claimNext(user.tenantId(), user.actor());
        if (claimed.isEmpty()) {
            redirect.addFlashAttribute("done", "No unassigned case is waiting in review.");
            return "redirect:/console/queue";
        }
        redirect.addFlashAttribute("done", "The next case is yours now.");
        return "redirect:/console/cases/" + claimed.get();
    }

    /** Who works a case, in words: you, a person by name, a key, or nobody (empty). */
    private static String name(ConsoleUser user, Map<String, String> people, String actor) {
        if (actor == null) {
            return "";
        }
        if (actor.equals(user.actor())) {
            return "you";
        }
        return Optional.ofNullable(people.get(actor)).orElse(actor.startsWith("api_key:") ? "a key" : actor);
    }

    /** Pages 1 to {@link #MAX_PAGE}; anything else is the first. */
    private static int pageNumber(String value) {
        try {
            int page = Integer.parseInt(value.strip());
            return page >= 1 && page <= MAX_PAGE ? page : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
