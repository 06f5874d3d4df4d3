package dev.creditdesk.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.RoundingMode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecimalTest {

    @Test
    void equalityIsNumeric() {
        assertThat(Decimal.of("0.10")).isEqualTo(Decimal.of("0.1")).hasSameHashCodeAs(Decimal.of("0.1"));
        assertThat(Decimal.of("0.00")).isEqualTo(Decimal.of(0)).hasSameHashCodeAs(Decimal.of(0));
        assertThat(Set.of(Decimal.of("100"))).contains(Decimal.of("1E+2"));
        assertThat(Decimal.of("0.1")).isNotEqualTo(Decimal.of("0.11"));
    }

    @Test
    void roundsByTheGivenMode() {
        assertThat(Decimal.of("22.425").round(2, RoundingMode.HALF_UP).value()).isEqualByComparingTo("22.43");
        assertThat(Decimal.of("22.425").round(2, RoundingMode.HALF_EVEN).value()).isEqualByComparingTo("22.42");
        assertThat(Decimal.of("22.425").round(2, RoundingMode.HALF_UP)).hasToString("22.43");
    }
}
