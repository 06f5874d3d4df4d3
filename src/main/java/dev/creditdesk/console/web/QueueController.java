package dev.creditdesk.console.web;

import dev.creditdesk.calendar.BusinessCalendar;
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

    static final List<String> STATUSES = List.of("in_review", "awaiting_information", "approved", "rejected",
            "withdrawn");
    /** One page of the queue; a team with more open cases than this works the oldest first anyway. */
    static final int PAGE = 100;

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
            @RequestParam(name = "reason", required = false, defaultValue = "") String reason, Model model) {
        String statusFilter = STATUSES.contains(status) ? status : null;
        String reasonFilter = RefundRequests.CATEGORIES.contains(reason) ? reason : null;
        Tenant tenant = tenants.require(user.tenantId());
        Instant now = clock.instant();
        List<Row> rows = requests.queue(user.tenantId(), statusFilter, reasonFilter, PAGE).stream()
                .map(r -> new Row(r, TimeLeft.of(r, tenant, now, calendar))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("status", statusFilter == null ? "" : statusFilter);
        model.addAttribute("reason", reasonFilter == null ? "" : reasonFilter);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("reasons", RefundRequests.CATEGORIES);
        model.addAttribute("overdue", rows.stream().filter(r -> r.timeLeft().overdue()).count());
        model.addAttribute("limit", PAGE);
        return "console/queue";
    }
}
