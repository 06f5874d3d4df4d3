package dev.creditdesk.calendar;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Business days of a country: Monday to Friday, except its public holidays as jollyday knows
 * them (observed dates, such as a Saturday holiday observed on the Friday before). Calendars are
 * loaded once per country.
 */
@Service
public class BusinessCalendar {

    /** A due date never lies further than this many calendar days past a business-day count; a guard, not a rule. */
    private static final int MAX_DAYS_SCANNED = 3_660;

    private final Map<String, HolidayManager> managers = new ConcurrentHashMap<>();

    /** Whether jollyday has a calendar for this ISO 3166 country code. */
    public boolean knows(String country) {
        try {
            manager(country);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public boolean isBusinessDay(String country, LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY
                && !manager(country).isHoliday(date, HolidayType.PUBLIC_HOLIDAY);
    }

    /**
     * {@code businessDays} business days after {@code from}, at the same local time in {@code zone}:
     * each step moves to the next business day, so weekends and holidays are skipped, and a
     * request received on a weekend starts counting on the next business day.
     */
    public Instant addBusinessDays(Instant from, int businessDays, ZoneId zone, String country) {
        if (businessDays < 0) {
            throw new IllegalArgumentException("businessDays must not be negative");
        }
        ZonedDateTime at = from.atZone(zone);
        LocalDate date = at.toLocalDate();
        int counted = 0;
        int scanned = 0;
        while (counted < businessDays) {
            date = date.plusDays(1);
            if (++scanned > MAX_DAYS_SCANNED) {
                throw new IllegalStateException("no business day found in " + MAX_DAYS_SCANNED + " days for " + country);
            }
            if (isBusinessDay(country, date)) {
                counted++;
            }
        }
        return at.with(date).toInstant();
    }

    /** Whole business days from {@code from}'s local date to {@code to}'s (negative when {@code to} is earlier). */
    public long businessDaysBetween(Instant from, Instant to, ZoneId zone, String country) {
        LocalDate start = from.atZone(zone).toLocalDate();
        LocalDate end = to.atZone(zone).toLocalDate();
        int sign = end.isBefore(start) ? -1 : 1;
        LocalDate low = sign > 0 ? start : end;
        LocalDate high = sign > 0 ? end : start;
        long count = 0;
        for (LocalDate d = low.plusDays(1); !d.isAfter(high); d = d.plusDays(1)) {
            if (isBusinessDay(country, d)) {
                count++;
            }
        }
        return sign * count;
    }

    private HolidayManager manager(String country) {
        return managers.computeIfAbsent(country.toUpperCase(Locale.ROOT),
                code -> HolidayManager.getInstance(ManagerParameters.create(code.toLowerCase(Locale.ROOT))));
    }
}
