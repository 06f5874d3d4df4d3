package dev.creditdesk.compensation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A tenant's choice: {@code mode} none | review | credits; incidents longer than
 * {@code thresholdHours} (strictly) are compensated; in credits mode each affected account gets
 * {@code credits}, expiring after {@code creditExpiryDays} (never when null).
 */
public record CompensationSettings(String mode, BigDecimal thresholdHours, Long credits, Integer creditExpiryDays,
        String updatedBy, Instant updatedAt) {

    public static final String NONE = "none";
    public static final String REVIEW = "review";
    public static final String CREDITS = "credits";
    public static final BigDecimal DEFAULT_THRESHOLD_HOURS = new BigDecimal("24");

    public static CompensationSettings defaults() {
        return new CompensationSettings(NONE, DEFAULT_THRESHOLD_HOURS, null, null, null, null);
    }
}
