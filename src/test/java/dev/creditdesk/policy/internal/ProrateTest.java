package dev.creditdesk.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * prorate's exact path (a divisor of only 2s and 5s, multiplied instead of divided) gives the very
 * value and scale that dividing with DECIMAL128 gives.
 */
class ProrateTest {

    private static BigDecimal divided(BigDecimal amount, long part, long whole) {
        return amount.multiply(BigDecimal.valueOf(part)).divide(BigDecimal.valueOf(whole), DecimalFunctions.DIVISION);
    }

    @Test
    void theSeedsExampleAndItsNeighbours() {
        assertThat(DecimalFunctions.prorate(Decimal.of("29.90"), 300, 400).value()).isEqualTo(new BigDecimal("22.425"));
        assertThat(DecimalFunctions.prorate(Decimal.of("20.00"), 200, 400).value()).isEqualTo(new BigDecimal("10.00"));
        assertThat(DecimalFunctions.prorate(Decimal.of("10"), 1, 3).value()).isEqualTo(divided(BigDecimal.TEN, 1, 3));
        assertThat(DecimalFunctions.exactQuotient(new BigDecimal("1"), 3)).isNull();
        assertThatThrownBy(() -> DecimalFunctions.prorate(Decimal.of("10"), 1, 0)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void sameValueAndScaleAsDividing() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long[] wholes = {1, 2, 4, 5, 8, 10, 16, 20, 25, 40, 100, 125, 400, 1000, 1024, 3125, 10_000, 1L << 40,
                1_000_000_000_000L, 3, 6, 7, 12, 30, 365, 999};
        for (int i = 0; i < 20_000; i++) {
            BigDecimal amount = new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000_000L),
                    random.nextInt(13));
            long part = random.nextInt(5) == 0 ? 0 : Math.abs(random.nextLong() % 1_000_000_000_000L);
            long whole = random.nextBoolean() ? wholes[random.nextInt(wholes.length)]
                    : 1 + Math.abs(random.nextLong() % 1_000_000L);
            BigDecimal expected = divided(amount, part, whole);
            BigDecimal actual = DecimalFunctions.prorate(new Decimal(amount), part, whole).value();
            assertThat(actual).as("seed %d: %s × %d ÷ %d", seed, amount, part, whole).isEqualTo(expected);
        }
    }
}
