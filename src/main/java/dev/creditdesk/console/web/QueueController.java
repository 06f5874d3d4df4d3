package dev.creditdesk.console.web;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.refunds.CaseAssignments;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.QueueFilter;
import dev.creditdesk.refunds.QueuedCase;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

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

    QueueController(CaseAssignments assignments, Tenants tenants, People people, BusinessCalendar calendar,
            Clock clock) {
        this.assignments = assignments;
        this.tenants = tenants;
        this.people = people;
        this.calendar = calendar;
        this.clock = clock;
    }

    record Row(QueuedCase queued, TimeLeft timeLeft, String assignee) {
    }

    @GetMapping("/console/queue")
    String queue(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "reason", required = false, defaultValue = "") String reason,
            @RequestParam(name = "assigned", required = false, defaultValue = "") String assigned,
            @RequestParam(name = "overdue", required = false, defaultValue = "") String overdue,
            @RequestParam(name = "page", required = false, defaultValue = "1") String pageParam, Model model) {
        int page = pageNumber(pageParam);
        String statusValue = status == null || status.isEmpty() ? CaseStatus.IN_REVIEW.wireName()
                : STATUSES.contains(status) ? status : ANY;
        String reasonFilter = RefundRequests.CATEGORIES.contains(reason) ? reason : null;
        String assignedValue = ASSIGNED.contains(assigned) ? assigned : "";
        boolean overdueOnly = overdue.equals("1");
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
        return "console/queue";
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
