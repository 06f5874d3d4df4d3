package dev.creditdesk.usage;

import dev.creditdesk.policy.UsageQuery;
import dev.creditdesk.shared.FieldProblem;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of the usage fields tasks and usage events share: kind, quantity, unit. */
public final class UsageFields {

    /** What a task counts as when the product names no kind. */
    public static final String DEFAULT_TASK_KIND = "generation";
    public static final int MAX_UNIT = 32;
    /** Up to 12 digits before the point and 6 after: minutes, seconds, files, never money. */
    private static final Pattern QUANTITY = Pattern.compile("^[0-9]{1,12}(\\.[0-9]{1,6})?$");

    private UsageFields() {
    }

    /** The kind, or null (with an error) when missing or not a kind name. */
    public static String requiredKind(String value, String field, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (!UsageQuery.KIND.matcher(value).matches()) {
            errors.add(new FieldProblem(field, "must be 1 to 64 lower-case letters, digits, '_', '-' or '.', "
                    + "starting with a letter or digit"));
            return null;
        }
        return value;
    }

    /** The quantity, {@code absent} when not given, or null (with an error) when it is not a plain decimal ≥ 0. */
    public static BigDecimal quantity(String value, String field, BigDecimal absent, List<FieldProblem> errors) {
        if (value == null) {
            return absent;
        }
        if (!QUANTITY.matcher(value).matches()) {
            errors.add(new FieldProblem(field, "must be a decimal string such as \"1\" or \"42.5\" "
                    + "(at most 12 digits before the point and 6 after, not negative)"));
            return null;
        }
        return new BigDecimal(value);
    }

    /** The unit, null when absent, or null (with an error) when blank, too long or not plain text. */
    public static String unit(String value, String field, List<FieldProblem> errors) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_UNIT || value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldProblem(field, "must be 1 to " + MAX_UNIT + " characters"));
            return null;
        }
        return value;
    }
}
