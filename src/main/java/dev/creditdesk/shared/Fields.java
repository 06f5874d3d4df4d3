package dev.creditdesk.shared;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of request fields at the boundary; each failure is added to {@code errors} under the field's name. */
public final class Fields {

    public static final int MAX_TEXT = 255;
    public static final int MAX_NOTE = 2000;
    /**
     * Times a request may carry (a start, an expiry, a due date): anything outside is a mistake
     * (a number of seconds read as a date, a year typed as 0001 or 20266), never real.
     */
    public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST_TIME = Instant.parse("2200-01-01T00:00:00Z");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private Fields() {
    }

    /** The trimmed text, or null (with an error) when it is missing, blank or longer than {@code max}. */
    public static String requiredText(String value, String field, int max, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        return optionalText(value, field, max, errors);
    }

    /** The trimmed text, null when absent or (with an error) longer than {@code max}. */
    public static String optionalText(String value, String field, int max, List<FieldProblem> errors) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            errors.add(new FieldProblem(field, "must be at most " + max + " characters"));
            return null;
        }
        return trimmed;
    }

    public static String requiredEmail(String value, String field, List<FieldProblem> errors) {
        String email = requiredText(value, field, 254, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(new FieldProblem(field, "is not an email address"));
            return null;
        }
        return email;
    }

    /** A positive whole number of credits no larger than {@link Limits#MAX_CREDITS}, or null with an error. */
    public static Long requiredCredits(Long value, String field, List<FieldProblem> errors) {
        if (value == null) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (value <= 0) {
            errors.add(new FieldProblem(field, "must be a positive whole number of credits"));
            return null;
        }
        if (value > Limits.MAX_CREDITS) {
            errors.add(new FieldProblem(field, "must be at most " + Limits.MAX_CREDITS));
            return null;
        }
        return value;
    }

    /** Whether {@code time} lies in [{@link #EARLIEST_TIME}, {@link #LATEST_TIME}). */
    public static boolean withinTimeBounds(Instant time) {
        return !time.isBefore(EARLIEST_TIME) && time.isBefore(LATEST_TIME);
    }

    public static void throwIfAny(List<FieldProblem> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
