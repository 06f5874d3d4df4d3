package dev.creditdesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wire names become typed remedies once, and a decision's remedies read back as they were written. */
class RemedyTest {

    @Test
    void everyWireNameReadsAsItsKindAndBack() {
        for (String type : Remedy.TYPES) {
            Remedy remedy = Remedy.of(type, new BigDecimal("1.00"), 5L, null);
            assertThat(remedy.type()).isEqualTo(type);
            assertThat(CaseDecision.remedies(CaseDecision.approval(List.of(remedy), null).toJson()))
                    .containsExactly(remedy);
        }
    }

    @Test
    void whatARemedyNeedsIsChecked() {
        assertThatThrownBy(() -> Remedy.of("refund", null, null, null)).hasMessageContaining("amount");
        assertThatThrownBy(() -> Remedy.of("replacement_credits", null, 0L, null)).hasMessageContaining("credits");
        assertThatThrownBy(() -> Remedy.of("refund", BigDecimal.ONE, -1L, null)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Remedy.of("cash", null, null, null)).hasMessageContaining("unknown remedy");
        assertThatThrownBy(() -> Remedy.of(null, null, null, null)).hasMessageContaining("type is required");
    }

    @Test
    void aRefundAndADeliveryAreAlternativesNotOneApproval() {
        assertThatThrownBy(() -> RemedyExecution.checkConsistent(List.of(new Remedy.DeliverOrder(null),
                new Remedy.Refund(BigDecimal.TEN, null, null)))).hasMessageContaining("alternatives");
        RemedyExecution.checkConsistent(List.of(new Remedy.DeliverOrder(null), new Remedy.AccessCorrection(null)));
        assertThat(CaseMessages.describe(List.of(new Remedy.Refund(new BigDecimal("9.90"), 100L, null),
                new Remedy.AccessCorrection(null)))).isEqualTo(
                "a refund of 9.90 to your original payment method; your access corrected");
        assertThat(new Remedy.Refund(new BigDecimal("9.90"), 100L, null).toJson())
                .isEqualTo(Map.of("type", "refund", "amount", "9.90", "credits", 100L));
    }
}
