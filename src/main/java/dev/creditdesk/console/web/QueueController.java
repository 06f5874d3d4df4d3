package dev.creditdesk.console.web;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The review queue: cases soonest due first, with the business days they have left. */
@Controller
class QueueController {

    static final List<String> STATUSES = List.of("in_review", "awaiting_information", "awaiting_choice", "approved",
            "rejected", "withdrawn");
    /** One page of the queue, soonest due first. */
    static final int PAGE = 100;
    static final int MAX_PAGE = 1_000;

    private final RefundRequests requests;
    private final Tenants tenants;
    private final BusinessCalendar calendar;
    private final Clock clock;

    QueueController(RefundRequests requests, Tenants tenants, BusinessCalendar calendar, Clock clock) {
        this.requests = requests;
        this.tenants = tenants;
        this.calendar = calendar;
        this.clock = clock;
    }

    record Row(RefundRequest request, TimeLeft timeLeft) {
    }

    @GetMapping("/console/queue")
    String queue(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "status", required = false, defaultValue = "in_review") String status,
            @RequestParam(name = "reason", required = false, defaultValue = "") String reason,
            @RequestParam(name = "page", required = false, defaultValue = "1") String pageParam, Model model) {
        int page = pageNumber(pageParam);
        String statusFilter = STATUSES.contains(status) ? status : null;
        String reasonFilter = RefundRequests.CATEGORIES.contains(reason) ? reason : null;
        Tenant tenant = tenants.require(user.tenantId());
        Instant now = clock.instant();
        List<RefundRequest> found = requests.queue(user.tenantId(), CaseStatus.fromWire(statusFilter), reasonFilter,
                (page - 1) * PAGE, PAGE + 1);
        List<Row> rows = found.stream().limit(PAGE).map(r -> new Row(r, TimeLeft.of(r, tenant, now, calendar)))
                .toList();
        model.addAttribute("page", page);
        model.addAttribute("hasMore", found.size() > PAGE);
        model.addAttribute("rows", rows);
        model.addAttribute("status", statusFilter == null ? "" : statusFilter);
        model.addAttribute("reason", reasonFilter == null ? "" : reasonFilter);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("reasons", RefundRequests.CATEGORIES);
        model.addAttribute("overdue", rows.stream().filter(r -> r.timeLeft().overdue()).count());
        model.addAttribute("limit", PAGE);
        return "console/queue";
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
