package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The moves a case may make, all in one place. */
class CaseStatusTest {

    @Test
    void openCasesMayBeDecidedWithdrawnOrEvaluatedAgain() {
        for (CaseStatus open : EnumSet.of(CaseStatus.IN_REVIEW, CaseStatus.AWAITING_INFORMATION)) {
            assertThat(open.open()).isTrue();
            for (CaseStatus next : CaseStatus.values()) {
                assertThat(open.mayMoveTo(next)).as(open + " → " + next).isTrue();
            }
        }
    }

    @Test
    void anApprovalOnlyGoesBackToReviewAndRejectionsAndWithdrawalsAreFinal() {
        assertThat(EnumSet.allOf(CaseStatus.class).stream().filter(CaseStatus.APPROVED::mayMoveTo))
                .containsExactly(CaseStatus.IN_REVIEW);
        for (CaseStatus closed : EnumSet.of(CaseStatus.REJECTED, CaseStatus.WITHDRAWN, CaseStatus.MERGED)) {
            assertThat(closed.open()).isFalse();
            assertThat(EnumSet.allOf(CaseStatus.class).stream().filter(closed::mayMoveTo)).isEmpty();
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (CaseStatus status : CaseStatus.values()) {
            assertThat(CaseStatus.fromWire(status.wireName())).isEqualTo(status);
        }
        assertThat(CaseStatus.fromWire("approved ")).isNull();
    }
}
