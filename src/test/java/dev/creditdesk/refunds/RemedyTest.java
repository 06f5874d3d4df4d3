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
        Remedy.Parameters parameters = new Remedy.Parameters(30, "pro-monthly", 2, "now", "refer_to_bank_paypal");
        for (String type : Remedy.TYPES) {
            Remedy remedy = Remedy.of(type, new BigDecimal("1.00"), 5L, null, parameters);
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
        assertThatThrownBy(() -> Remedy.of("pause_subscription", null, null, null))
                .isInstanceOfSatisfying(Remedy.InvalidRemedy.class, e -> assertThat(e.field()).isEqualTo("months"));
        assertThatThrownBy(() -> Remedy.of("convert_plan", null, null, null))
                .isInstanceOfSatisfying(Remedy.InvalidRemedy.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> Remedy.of("account_credit", null, null, null))
                .isInstanceOfSatisfying(Remedy.InvalidRemedy.class, e -> assertThat(e.field()).isEqualTo("amount"));
        assertThatThrownBy(() -> Remedy.of("end_subscription", null, null, null,
                new Remedy.Parameters(null, null, null, "tomorrow", null)))
                .isInstanceOfSatisfying(Remedy.InvalidRemedy.class, e -> assertThat(e.field()).isEqualTo("at"));
        assertThatThrownBy(() -> Remedy.of("compensation_credits", null, 10L, null,
                new Remedy.Parameters(0, null, null, null, null)))
                .isInstanceOfSatisfying(Remedy.InvalidRemedy.class,
                        e -> assertThat(e.field()).isEqualTo("expires_in_days"));
        assertThatThrownBy(() -> Remedy.of("refer_to_bank", null, null, null,
                new Remedy.Parameters(null, null, null, null, "approved")))
                .isInstanceOfSatisfying(Remedy.InvalidRemedy.class, e -> assertThat(e.field()).isEqualTo("template"));
    }

    @Test
    void aProposalsOptionDetailsBecomeRemediesWithTheirParameters() {
        assertThat(Remedy.proposed(Map.of("type", "compensation_credits", "credits", 100, "expires_in_days", 30),
                null)).isEqualTo(new Remedy.CompensationCredits(100L, 30, null));
        assertThat(Remedy.proposed(Map.of("type", "account_credit"), new BigDecimal("29.90")))
                .isEqualTo(new Remedy.AccountCredit(new BigDecimal("29.90"), null));
        assertThat(Remedy.proposed(Map.of("type", "account_credit", "amount", "5.00"), new BigDecimal("29.90")))
                .isEqualTo(new Remedy.AccountCredit(new BigDecimal("5.00"), null));
        assertThat(Remedy.proposed(Map.of("type", "end_subscription", "at", "now"), null))
                .isEqualTo(new Remedy.EndSubscription(dev.creditdesk.policy.ProposedRemedy.EndAt.NOW, null));
    }

    @Test
    void aRefundAndADeliveryAreAlternativesNotOneApproval() {
        assertThatThrownBy(() -> RemedyExecution.checkConsistent(List.of(new Remedy.DeliverOrder(null),
                new Remedy.Refund(BigDecimal.TEN, null, null)))).hasMessageContaining("alternatives");
        RemedyExecution.checkConsistent(List.of(new Remedy.DeliverOrder(null), new Remedy.AccessCorrection(null)));
        assertThat(CaseMessages.describe(List.of(new Remedy.Refund(new BigDecimal("9.90"), 100L, null),
                new Remedy.AccessCorrection(null)), "EUR")).isEqualTo(
                "a refund of 9.90 EUR to your original payment method; your access corrected");
        assertThat(new Remedy.Refund(new BigDecimal("9.90"), 100L, null).toJson())
                .isEqualTo(Map.of("type", "refund", "amount", "9.90", "credits", 100L));
    }
}
