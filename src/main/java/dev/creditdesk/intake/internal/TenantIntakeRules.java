package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.ParseRules;
import dev.creditdesk.refunds.RefundRequests;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The tenant's patterns and date order from its mailbox settings; the defaults for what it did not
 * set (or when it has no mailbox). Patterns were checked when saved.
 */
@Component
class TenantIntakeRules implements IntakeRules {

    private static final ParseRules DEFAULTS = ParseRules.defaults(Set.copyOf(RefundRequests.CATEGORIES));

    private final MailboxStore store;

    TenantIntakeRules(MailboxStore store) {
        this.store = store;
    }

    @Override
    public ParseRules forTenant(UUID tenantId) {
        return store.find(tenantId).map(row -> new ParseRules(
                compiled(row.mailbox().orderPatterns(), DEFAULTS.orderPatterns()),
                compiled(row.mailbox().transactionPatterns(), DEFAULTS.transactionPatterns()),
                row.mailbox().dayFirst(), DEFAULTS.categories())).orElse(DEFAULTS);
    }

    private static List<Pattern> compiled(List<String> patterns, List<Pattern> defaults) {
        return patterns.isEmpty() ? defaults : patterns.stream().map(Pattern::compile).toList();
    }
}
