package dev.creditdesk.refunds.internal;

import dev.creditdesk.billing.RefundFailed;
import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.refunds.CaseDecisions;
import dev.creditdesk.refunds.RemedyExecution;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A refund its provider failed sends the case back to the review queue, due again after three
 * business days, and gives back the credits the approval removed (the customer would otherwise
 * have neither the money nor the credits); approving again removes them again.
 */
@Component
class FailedRefunds {

    private static final Logger log = LoggerFactory.getLogger(FailedRefunds.class);
    private static final int REVIEW_DAYS = 3;

    private final CaseDecisions decisions;
    private final Ledger ledger;
    private final Tenants tenants;
    private final BusinessCalendar calendar;
    private final Clock clock;

    FailedRefunds(CaseDecisions decisions, Ledger ledger, Tenants tenants, BusinessCalendar calendar, Clock clock) {
        this.decisions = decisions;
        this.ledger = ledger;
        this.tenants = tenants;
        this.calendar = calendar;
        this.clock = clock;
    }

    @EventListener
    void on(RefundFailed failed) {
        Tenant tenant = tenants.require(failed.tenantId());
        Instant due = calendar.addBusinessDays(clock.instant(), REVIEW_DAYS, tenant.settings().timezone(),
                tenant.settings().holidayCountry());
        decisions.refundFailed(failed.tenantId(), failed.refundId(), failed.reason(), due).ifPresent(id -> {
            long returned = ledger.returnRemovedCredits(failed.tenantId(), failed.orderId(),
                    RemedyExecution.removalReason(id, failed.refundId()));
            log.atWarn().addKeyValue("tenant", failed.tenantId()).addKeyValue("refund", failed.refundId())
                    .addKeyValue("refund_request", id).addKeyValue("outcome", "back_in_review")
                    .addKeyValue("credits_returned", returned)
                    .log("Refund failed; its case is back in review and the credits it removed are given back");
        });
    }
}
