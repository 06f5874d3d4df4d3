package dev.creditdesk.policy.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The value of CEL's {@code decimal} type. It compares by number, not by scale, because CEL's
 * {@code ==} (and {@code in}, and map keys) use {@link #equals}: {@code decimal("0.10") ==
 * decimal("0.1")} must hold. The scale is kept as given so that amounts print as written.
 */
public record Decimal(BigDecimal value) {

    public Decimal {
        Objects.requireNonNull(value, "value");
    }

    public static Decimal of(String value) {
        return new Decimal(new BigDecimal(value));
    }

    public static Decimal of(long value) {
        return new Decimal(BigDecimal.valueOf(value));
    }

    public Decimal round(int places, RoundingMode mode) {
        return new Decimal(value.setScale(places, mode));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Decimal that && value.compareTo(that.value) == 0;
    }

    @Override
    public int hashCode() {
        // Equal numbers have equal stripped forms (0.10 and 0.1 both strip to 0.1).
        return value.stripTrailingZeros().hashCode();
    }

    /** Plain digits, as CEL prints arguments in its error messages. */
    @Override
    public String toString() {
        return value.toPlainString();
    }
}
