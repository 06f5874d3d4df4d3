package dev.creditdesk.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/**
 * Which dates are business days for the tenant, as the facts of a request carry them: the
 * calendar module answers from the tenant's holiday country, a facts or cases file from the
 * {@code holidays} it lists. The policy module counts with it and knows no holiday itself.
 */
@FunctionalInterface
public interface BusinessDays {

    boolean isBusinessDay(LocalDate date);

    /** Monday to Friday, except {@code holidays}. */
    static BusinessDays weekdaysExcept(Set<LocalDate> holidays) {
        Set<LocalDate> days = Set.copyOf(holidays);
        return date -> date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY
                && !days.contains(date);
    }

    /**
     * Whether {@code date} is at most {@code count} business days after {@code from}: the window
     * closes at the end of the {@code count}th business day after {@code from} (0: at the end of
     * {@code from} itself). A date before {@code from} is not within.
     */
    default boolean within(LocalDate from, long count, LocalDate date) {
        if (date.isBefore(from)) {
            return false;
        }
        LocalDate last = from;
        for (long counted = 0; counted < count; ) {
            last = last.plusDays(1);
            if (last.isAfter(date)) {
                return true;
            }
            if (isBusinessDay(last)) {
                counted++;
            }
        }
        return !date.isAfter(last);
    }
}
