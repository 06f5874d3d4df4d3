package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The clauses of the seeds that a policy states as settings rather than rules (the review SLA,
 * what is never refunded, rounding, versions, which version binds a request), which no case can
 * show: docs/policies.md's conformance tables point here.
 */
class ShippedPolicySettingsTest {

    private final PolicyDocuments documents = PolicyDocuments.standard();

    private Policy load(String name) throws IOException {
        Path file = Path.of("policies", name + ".yaml");
        return documents.load(file.toString(), Files.readString(file)).policy();
    }

    @Test
    void exceptionsOnly() throws IOException {
        Policy policy = load("exceptions-only");
        // "Last Updated: August 8, 2025"
        assertThat(policy.version()).isEqualTo("2025-08-08");
        assertThat(policy.effectiveFrom()).isEqualTo(Instant.parse("2025-08-08T00:00:00Z"));
        // Part 4: "within 7 days of the purchase date"
        assertThat(policy.window()).isEqualTo(new Policy.RequestWindow(7, Policy.RequestWindow.Unit.CALENDAR_DAYS,
                Anchor.PURCHASE, policy.window().cite()));
        // Part 5: "We will review your request within 3-5 business days"
        assertThat(policy.reviewSlaBusinessDays()).isEqualTo(5);
        assertThat(policy.nonRefundable()).containsExactly("fx_difference");
        assertThat(policy.roundingScale()).isEqualTo(2);
        assertThat(policy.roundingMode()).isEqualTo(RoundingMode.HALF_UP);
        assertThat(policy.terms()).isEqualTo(Policy.TermsBinding.REQUEST_TIME);
    }

    @Test
    void tieredUsage() throws IOException {
        Policy policy = load("tiered-usage");
        // "Effective Date: February 4, 2026"
        assertThat(policy.version()).isEqualTo("2026-02-04");
        assertThat(policy.effectiveFrom()).isEqualTo(Instant.parse("2026-02-04T00:00:00Z"));
        // 1.–3. "within 7 calendar days of the purchase date"
        assertThat(policy.window()).isEqualTo(new Policy.RequestWindow(7, Policy.RequestWindow.Unit.CALENDAR_DAYS,
                Anchor.PURCHASE, policy.window().cite()));
        // 5. "All requests are reviewed within 2 business days."
        assertThat(policy.reviewSlaBusinessDays()).isEqualTo(2);
        // 4. Non-Refundable Items
        assertThat(policy.nonRefundable())
                .isEqualTo(Set.of("used_credits", "bonus_credits", "tax", "fee", "fx_difference"));
        // 5. "Refund amounts are rounded to two decimal places."
        assertThat(policy.roundingScale()).isEqualTo(2);
        assertThat(policy.roundingMode()).isEqualTo(RoundingMode.HALF_UP);
        // 6. "Any changes will take effect immediately upon publication"
        assertThat(policy.terms()).isEqualTo(Policy.TermsBinding.REQUEST_TIME);
    }

    @Test
    void caseReview() throws IOException {
        Policy policy = load("case-review");
        // "2026/05/14"; "The date above shows the latest revision."
        assertThat(policy.version()).isEqualTo("2026-05-14");
        assertThat(policy.effectiveFrom()).isEqualTo(Instant.parse("2026-05-14T00:00:00Z"));
        // The text sets no deadline for asking.
        assertThat(policy.window()).isNull();
        // "We aim to review requests within 3 business days."
        assertThat(policy.reviewSlaBusinessDays()).isEqualTo(3);
        assertThat(policy.nonRefundable()).isEmpty();
        assertThat(policy.terms()).isEqualTo(Policy.TermsBinding.REQUEST_TIME);
    }
}
