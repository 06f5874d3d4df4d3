package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.ParseRules;
import dev.creditdesk.refunds.RefundRequests;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The default rules for every tenant (until the mailbox settings give a tenant its own). */
@Component
class DefaultIntakeRules implements IntakeRules {

    @Override
    public ParseRules forTenant(UUID tenantId) {
        return ParseRules.defaults(Set.copyOf(RefundRequests.CATEGORIES));
    }
}
