package dev.creditdesk.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.policy.Facts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CelPolicyEnvironmentTest {

    private static final CelPolicyEnvironment CEL = new CelPolicyEnvironment();
    private static final Facts FACTS = new SampleFacts().build();

    private static boolean holds(String condition) {
        return holds(condition, FACTS);
    }

    private static boolean holds(String condition, Facts facts) {
        return CEL.evaluate(CEL.compileCondition(condition), facts);
    }

    private static BigDecimal amount(String amount) {
        return CEL.evaluate(CEL.compileAmount(amount), FACTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "decimal('1.5') + decimal('2.25') == decimal('3.75')",
            "decimal('1.5') + 2 == decimal('3.5')",
            "2 + decimal('1.5') == decimal('3.5')",
            "decimal('5') - decimal('1.25') == decimal('3.75')",
            "decimal('5') - 1 == decimal(4)",
            "10 - decimal('0.01') == decimal('9.99')",
            "decimal('1.5') * decimal('1.5') == decimal('2.25')",
            "decimal('29.90') * 3 == decimal('89.70')",
            "3 * decimal('29.90') == decimal('89.7')",
            "decimal('1') / decimal('4') == decimal('0.25')",
            "decimal('29.90') / 2 == decimal('14.95')",
            "1 / decimal('8') == decimal('0.125')",
            "-decimal('1.5') + 2 == decimal('0.5')",
            "decimal('1') < decimal('1.01') && decimal('1') < 2 && 0 < decimal('0.01')",
            "decimal('1') <= decimal('1.00') && decimal('1') <= 1 && 1 <= decimal('1.0')",
            "decimal('1.01') > decimal('1') && decimal('2') > 1 && 2 > decimal('1.99')",
            "decimal('1.00') >= decimal('1') && decimal('1') >= 1 && 1 >= decimal('1.0')",
            "!(decimal('1') > decimal('1')) && !(decimal('0.99') >= 1) && !(1 < decimal('1'))",
            "decimal('0.10') == decimal('0.1')",
            "decimal('0.10') != decimal('0.11')",
            "decimal('0.1') + decimal('0.2') == decimal('0.3')",
            "decimal('1.0') in [decimal('1'), decimal('2')]",
            "min(decimal('1'), decimal('2')) == decimal('1') && max(decimal('1'), decimal('2')) == decimal('2')",
            "decimal('1') / 3 * 3 == decimal('0.9999999999999999999999999999999999')",
            // Ints stay ints: the decimal overloads do not disturb CEL's own.
            "1 + 2 == 3 && 7 / 2 == 3 && 2 < 3 && order.credits - order.used == 360",
    })
    void decimalArithmeticAndOrdering(String condition) {
        assertThat(holds(condition)).as(condition).isTrue();
    }

    @Test
    void prorateMultipliesFirstAndRoundsOnce() {
        assertThat(amount("prorate(decimal('29.90'), 300, 400)")).isEqualByComparingTo("22.425");
        assertThat(amount("prorate(decimal('29.90'), 300, 400).round(2)")).isEqualTo(new BigDecimal("22.43"));
        assertThat(holds("prorate(decimal(\"29.90\"), 300, 400).round(2) == decimal(\"22.43\")")).isTrue();
        assertThat(amount("prorate(order.net, order.unused, order.credits).round(2)"))
                .isEqualTo(new BigDecimal("26.91"));
        // Not exact in 34 digits: rounded there, then by the author.
        assertThat(amount("prorate(decimal('10'), 1, 3)")).isEqualTo(new BigDecimal("3.333333333333333333333333333333333"));
        assertThat(amount("prorate(decimal('10'), 1, 3).round(2)")).isEqualTo(new BigDecimal("3.33"));
    }

    @Test
    void roundingModeIsTheEnvironments() {
        CelPolicyEnvironment halfEven = new CelPolicyEnvironment(RoundingMode.HALF_EVEN);
        String expression = "prorate(decimal('29.90'), 300, 400).round(2)";
        assertThat(halfEven.evaluate(halfEven.compileAmount(expression), FACTS)).isEqualTo(new BigDecimal("22.42"));
        assertThat(CEL.evaluate(CEL.compileAmount(expression), FACTS)).isEqualTo(new BigDecimal("22.43"));
        assertThatThrownBy(() -> new CelPolicyEnvironment(RoundingMode.UNNECESSARY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenPercentUsedIsExactlyAtTheBound() {
        var condition = CEL.compileCondition("request.days_since_purchase <= 7 && order.used_ratio <= decimal(\"0.10\")");
        Facts forty = new SampleFacts().with("order.used", 40L)
                .with("order.used_ratio", DecimalFunctions.prorate(Decimal.of(1), 40, 400)).build();
        Facts fortyOne = new SampleFacts().with("order.used", 41L)
                .with("order.used_ratio", DecimalFunctions.prorate(Decimal.of(1), 41, 400)).build();
        assertThat(CEL.evaluate(condition, forty)).isTrue();
        assertThat(CEL.evaluate(condition, fortyOne)).isFalse();
        // The same ratio computed inside the policy.
        assertThat(holds("decimal(order.used) / order.credits <= decimal('0.10')", forty)).isTrue();
        assertThat(holds("decimal(order.used) / order.credits <= decimal('0.10')", fortyOne)).isFalse();
    }

    @Test
    void factsOfEveryStructAreReadable() {
        Facts facts = new SampleFacts().with("request.evidence", List.of("police_report", "receipt"))
                .with("account.active_subscription", true).with("outage.longest_hours", new BigDecimal("4.5"))
                .with("dispute.status", "won").with("order.plan", "gifted").build();
        assertThat(holds("\"police_report\" in request.evidence", facts)).isTrue();
        assertThat(holds("\"bank_statement\" in request.evidence", facts)).isFalse();
        assertThat(holds("request.evidence.exists(e, e.startsWith('police'))", facts)).isTrue();
        assertThat(holds("account.active_subscription && outage.longest_hours >= 4", facts)).isTrue();
        assertThat(holds("dispute.status == 'won' && !dispute.open", facts)).isTrue();
        assertThat(holds("order.plan in ['gifted', 'free', 'promotional']", facts)).isTrue();
        assertThat(holds("size(request.evidence) == 2 && has(order.net)", facts)).isTrue();
    }

    @Test
    void misspeltFieldFailsWithLineAndColumn() {
        assertThatThrownBy(() -> CEL.compileAmount("order.totl"))
                .isInstanceOfSatisfying(PolicyExpressionException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            new PolicyExpressionException.Problem(1, 6, "undefined field 'totl'"));
                    assertThat(e.getMessage()).isEqualTo("""
                            line 1, column 6: undefined field 'totl'
                             | order.totl
                             |      ^""");
                });
        assertThatThrownBy(() -> CEL.compileCondition("request.days_since_purchase <= 7 &&\n  order.totl > 1"))
                .isInstanceOfSatisfying(PolicyExpressionException.class, e -> assertThat(e.problems())
                        .containsExactly(new PolicyExpressionException.Problem(2, 8, "undefined field 'totl'")));
        assertThatThrownBy(() -> CEL.compileCondition("refund.total > 1"))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageContaining("line 1, column 1: unknown name 'refund'");
    }

    @Test
    void conditionMustBeBool() {
        assertThatThrownBy(() -> CEL.compileCondition("order.credits"))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageStartingWith("line 1, column 6: expected type 'bool' but found 'int'");
        assertThatThrownBy(() -> CEL.compileCondition("order.net"))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageContaining("expected type 'bool' but found 'decimal'");
    }

    @Test
    void amountMustBeDecimal() {
        assertThatThrownBy(() -> CEL.compileAmount("order.credits"))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageStartingWith("line 1, column 6: expected type 'decimal' but found 'int'");
        assertThatThrownBy(() -> CEL.compileAmount("order.net > decimal('1')"))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageContaining("expected type 'decimal' but found 'bool'");
    }

    @Test
    void typeErrorsBetweenMoneyAndOtherTypes() {
        assertThatThrownBy(() -> CEL.compileCondition("order.net > '1'"))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageContaining("'>' cannot be applied to decimal and string");
        assertThatThrownBy(() -> CEL.compileAmount("prorat(order.net, order.unused, order.credits)"))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageStartingWith("line 1, column 7: unknown name 'prorat'");
        // Equality does not mix types: compare with decimal(1), not 1.
        assertThatThrownBy(() -> CEL.compileCondition("order.net == 1"))
                .isInstanceOf(PolicyExpressionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order.used_ratio <= 0.1", "double(order.used) / double(order.credits) <= 0.1",
            "request.days_since_purchase < 7.5"})
    void doublesAreRejected(String condition) {
        assertThatThrownBy(() -> CEL.compileCondition(condition))
                .isInstanceOf(PolicyExpressionException.class)
                .hasMessageContaining("line 1, column");
    }

    @Test
    void doubleMessageSaysWhatToWrite() {
        String hint = "double is not allowed in policies: write decimals as decimal(\"0.1\")";
        // Fails type-checking (no decimal <= double), with a hint at the literal.
        assertThatThrownBy(() -> CEL.compileCondition("order.used_ratio <= 0.1"))
                .isInstanceOfSatisfying(PolicyExpressionException.class, e -> assertThat(e.problems())
                        .endsWith(new PolicyExpressionException.Problem(1, 21, hint)));
        // Type-checks as CEL, rejected as a policy.
        assertThatThrownBy(() -> CEL.compileCondition("request.channel == 'web' && double(order.used) <= 7.5"))
                .isInstanceOfSatisfying(PolicyExpressionException.class, e -> assertThat(e.problems())
                        .containsExactly(new PolicyExpressionException.Problem(1, 35, hint)));
    }

    @Test
    void malformedDecimalLiteralFailsAtCompileTime() {
        assertThatThrownBy(() -> CEL.compileCondition("order.used_ratio <= decimal('0.1O')"))
                .isInstanceOfSatisfying(PolicyExpressionException.class, e -> assertThat(e.problems())
                        .containsExactly(new PolicyExpressionException.Problem(1, 29,
                                "decimal(\"0.1O\") is not a decimal number")));
    }

    @Test
    void evaluationErrorsNameTheExpression() {
        var amount = CEL.compileAmount("order.net / (order.used - 40)");
        assertThatThrownBy(() -> CEL.evaluate(amount, FACTS))
                .isInstanceOf(PolicyEvaluationException.class)
                .hasMessageContaining("order.net / (order.used - 40)")
                .hasMessageContaining("Division by zero");
    }

    @Test
    void compiledProgramsAreReused() {
        var condition = CEL.compileCondition("order.used < 50");
        assertThat(CEL.evaluate(condition, new SampleFacts().with("order.used", 49).build())).isTrue();
        assertThat(CEL.evaluate(condition, new SampleFacts().with("order.used", 50).build())).isFalse();
    }

    /** What cel-java says is translated once (CelMessages) before anyone reads it: no protobuf or Java names. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "timestamp('2020-01-01T00:00:00Z') > order.credits | '>' cannot be applied to timestamp and int",
            "order.credits + duration('1h') > 1 | '+' cannot be applied to int and duration",
            "order.credits.getHours() > 1 | 'getHours' cannot be called on int",
            "nothing_here > 1 | unknown name 'nothing_here'",
    })
    void checkingProblemsSpeakThePolicysLanguage(String condition, String message) {
        assertThatThrownBy(() -> CEL.compileCondition(condition))
                .isInstanceOf(PolicyExpressionException.class)
                .satisfies(e -> assertThat(((PolicyExpressionException) e).problems().get(0).message())
                        .isEqualTo(message))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("google.protobuf", "candidates", "_+_",
                        "_>_", "container"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "1 / (order.credits - order.credits) > 0 | division by zero",
            "int('abc') > 1 | \"abc\" is not a number",
            "timestamp('soon') > timestamp('2020-01-01T00:00:00Z') | 'soon' is not a timestamp such as 2026-01-31T00:00:00Z",
            "dyn(order.credits) > timestamp('2020-01-01T00:00:00Z') | '>' cannot be applied to these values",
    })
    void evaluationFailuresSpeakThePolicysLanguage(String condition, String message) {
        assertThatThrownBy(() -> holds(condition))
                .isInstanceOf(PolicyEvaluationException.class)
                .hasMessage("cannot evaluate " + condition + ": " + message);
    }
}
