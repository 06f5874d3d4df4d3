package dev.creditdesk.console.web;

import dev.creditdesk.compensation.CompensationReports;
import dev.creditdesk.disputes.DisputeReports;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.RefundReports;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.joda.money.Money;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The overview a support lead opens first: the queue and what is overdue, how many cases were
 * decided by their due date, what was refunded by outcome, rule and week, open disputes and outage
 * compensation. Charts are SVG drawn here; every figure comes from the owning module's reports.
 */
@Controller
class DashboardController {

    static final int WEEKS = 8;
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private final RefundReports refunds;
    private final DisputeReports disputes;
    private final CompensationReports compensation;
    private final Tenants tenants;
    private final Clock clock;

    DashboardController(RefundReports refunds, DisputeReports disputes, CompensationReports compensation,
            Tenants tenants, Clock clock) {
        this.refunds = refunds;
        this.disputes = disputes;
        this.compensation = compensation;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** A group of decided cases as a table row: count and money per currency. */
    record Group(String name, long count, String money) {
    }

    @GetMapping("/console/dashboard")
    String dashboard(@AuthenticationPrincipal ConsoleUser user, Model model) {
        Tenant tenant = tenants.require(user.tenantId());
        Instant now = clock.instant();
        RefundReports.Overview overview = refunds.overview(user.tenantId(), tenant.settings().timezone(), now, WEEKS);

        List<BarChart.Entry> queue = new ArrayList<>();
        overview.queue().forEach((status, count) -> queue.add(new BarChart.Entry(status.wireName().replace('_', ' '),
                count, String.valueOf(count), status == CaseStatus.IN_REVIEW ? "bar" : "bar alt")));
        List<BarChart.Entry> sla = new ArrayList<>();
        List<BarChart.Entry> decided = new ArrayList<>();
        List<Group> weeks = new ArrayList<>();
        for (RefundReports.Week w : overview.weeks()) {
            Integer percent = w.sla().percent();
            String label = WEEK.format(w.start());
            sla.add(new BarChart.Entry(label, percent == null ? 0 : percent, percent == null ? "—" : percent + "%",
                    percent != null && percent < 90 ? "bar bad" : "bar"));
            decided.add(new BarChart.Entry(label, w.refunded().count(), String.valueOf(w.refunded().count()), "bar"));
            weeks.add(new Group("week of " + label, w.refunded().count(), money(w.refunded().money())));
        }
        model.addAttribute("queueChart", BarChart.horizontal("Cases by status", queue));
        model.addAttribute("slaChart", BarChart.vertical("Decided by the due date, per week", sla, 100));
        model.addAttribute("decidedChart", BarChart.vertical("Cases decided per week", decided, 0));
        model.addAttribute("inReview", overview.queue().get(CaseStatus.IN_REVIEW));
        model.addAttribute("overdue", overview.overdue());
        model.addAttribute("sla", overview.last30Days());
        model.addAttribute("weeks", weeks);
        model.addAttribute("byOutcome", groups(overview.byOutcome()));
        model.addAttribute("byRule", groups(overview.byRule()));
        List<DisputeReports.Open> open = disputes.open(user.tenantId(), now);
        model.addAttribute("openDisputes", open.stream().mapToLong(DisputeReports.Open::count).sum());
        model.addAttribute("disputesDueSoon", open.stream().mapToLong(DisputeReports.Open::evidenceDueSoon).sum());
        model.addAttribute("atStake", open.stream().map(o -> plain(o.atStake()))
                .collect(Collectors.joining(", ")));
        model.addAttribute("compensation", compensation.since(user.tenantId(), now.minus(Duration.ofDays(30))));
        model.addAttribute("weekCount", WEEKS);
        return "console/dashboard";
    }

    private static List<Group> groups(Map<String, RefundReports.Refunded> byName) {
        return byName.entrySet().stream()
                .map(e -> new Group(e.getKey(), e.getValue().count(), money(e.getValue().money()))).toList();
    }

    private static String plain(Money money) {
        return money.getAmount().toPlainString() + " " + money.getCurrencyUnit().getCode();
    }

    private static String money(Map<?, Money> perCurrency) {
        return perCurrency.isEmpty() ? "—"
                : perCurrency.values().stream().map(DashboardController::plain).collect(Collectors.joining(", "));
    }
}
