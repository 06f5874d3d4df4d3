package dev.creditdesk.shared;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.joda.money.CurrencyUnit;
import org.joda.money.IllegalCurrencyException;
import org.joda.money.Money;

/** Reading money from requests: amounts are JSON strings in the currency's minor unit, never doubles. */
public final class Amounts {

    /** Largest amount accepted in one field: ten million in the currency's major unit. */
    public static final BigDecimal MAX = new BigDecimal("10000000");
    /** Digits with an optional fraction: no exponent ({@code 1e9}), no sign but '-', nothing to overflow. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d{1,20}(\\.\\d{1,20})?");

    private Amounts() {
    }

    public static CurrencyUnit currency(String code, String field, List<FieldProblem> errors) {
        if (code == null || code.isBlank()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            return CurrencyUnit.of(code.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalCurrencyException e) {
            errors.add(new FieldProblem(field, "is not a known ISO 4217 currency code"));
            return null;
        }
    }

    /**
     * Parses {@code "29.90"} as an amount of {@code currency}: no more decimals than the
     * currency has, not negative, not above {@link #MAX}. Null (with an error) when it is wrong.
     */
    public static Money amount(String value, CurrencyUnit currency, String field, boolean required,
            List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (!PLAIN_DECIMAL.matcher(value.trim()).matches()) {
            errors.add(new FieldProblem(field, "must be a decimal string such as \"29.90\""));
            return null;
        }
        BigDecimal number = new BigDecimal(value.trim());
        if (number.signum() < 0) {
            errors.add(new FieldProblem(field, "must not be negative"));
            return null;
        }
        if (number.compareTo(MAX) > 0) {
            errors.add(new FieldProblem(field, "must be at most " + MAX.toPlainString()));
            return null;
        }
        if (currency == null) {
            return null;
        }
        if (number.stripTrailingZeros().scale() > currency.getDecimalPlaces()) {
            errors.add(new FieldProblem(field, "has more decimals than " + currency.getCode() + " allows ("
                    + currency.getDecimalPlaces() + ")"));
            return null;
        }
        return Money.of(currency, number.setScale(currency.getDecimalPlaces()));
    }

    /** The amount as the API writes it: a plain string with the currency's decimals. */
    public static String format(Money money) {
        return money == null ? null : money.getAmount().toPlainString();
    }
}
