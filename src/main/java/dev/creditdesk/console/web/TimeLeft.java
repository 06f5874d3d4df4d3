package dev.creditdesk.console.web;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.tenants.Tenant;
import java.time.Instant;

/** How long a case in review has left before its due date, in the tenant's business days. */
record TimeLeft(String text, boolean overdue) {

    static final TimeLeft NONE = new TimeLeft("", false);

    static TimeLeft of(RefundRequest request, Tenant tenant, Instant now, BusinessCalendar calendar) {
        if (request.dueAt() == null || request.status() != CaseStatus.IN_REVIEW) {
            return NONE;
        }
        var zone = tenant.settings().timezone();
        String country = tenant.settings().holidayCountry();
        if (request.dueAt().isBefore(now)) {
            long late = calendar.businessDaysBetween(request.dueAt(), now, zone, country);
            return new TimeLeft(late == 0 ? "Overdue (was due today)" : "Overdue by " + days(late), true);
        }
        long left = calendar.businessDaysBetween(now, request.dueAt(), zone, country);
        return new TimeLeft(left == 0 ? "Due today" : days(left) + " left", false);
    }

    private static String days(long n) {
        return n + (n == 1 ? " business day" : " business days");
    }
}
