package dev.creditdesk.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private final BusinessCalendar calendar = new BusinessCalendar();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void weekendsAndPublicHolidaysAreNotBusinessDays() {
        assertThat(calendar.isBusinessDay("US", LocalDate.parse("2026-11-26"))).isFalse(); // Thanksgiving
        assertThat(calendar.isBusinessDay("US", LocalDate.parse("2026-11-27"))).isTrue();
        assertThat(calendar.isBusinessDay("US", LocalDate.parse("2026-11-28"))).isFalse(); // Saturday
        assertThat(calendar.isBusinessDay("US", LocalDate.parse("2026-07-03"))).isFalse(); // Independence Day, observed
        assertThat(calendar.isBusinessDay("DE", LocalDate.parse("2026-10-03"))).isFalse(); // Saturday anyway
        assertThat(calendar.isBusinessDay("GB", LocalDate.parse("2026-12-25"))).isFalse();
    }

    @Test
    void anSlaSkipsAWeekendAndAPublicHoliday() {
        // Wednesday 25 November 2026, 15:00 in New York; 3 business days: Fri 27, Mon 30, Tue 1 December
        Instant received = Instant.parse("2026-11-25T20:00:00Z");
        Instant due = calendar.addBusinessDays(received, 3, NEW_YORK, "US");
        assertThat(due.atZone(NEW_YORK).toLocalDateTime().toString()).isEqualTo("2026-12-01T15:00");
        assertThat(calendar.businessDaysBetween(received, due, NEW_YORK, "US")).isEqualTo(3);
    }

    @Test
    void aRequestReceivedOnASaturdayCountsFromMonday() {
        Instant saturday = Instant.parse("2026-11-21T15:00:00Z");
        Instant due = calendar.addBusinessDays(saturday, 1, NEW_YORK, "US");
        assertThat(due.atZone(NEW_YORK).toLocalDate().toString()).isEqualTo("2026-11-23");
    }

    @Test
    void businessDaysAreCountedInTheTenantsTimezone() {
        // Sunday 22:00 in New York is already Monday in UTC: New York counts Monday as the first day.
        Instant sundayNight = Instant.parse("2026-11-23T03:00:00Z");
        Instant due = calendar.addBusinessDays(sundayNight, 1, NEW_YORK, "US");
        assertThat(due.atZone(NEW_YORK).toLocalDateTime().toString()).isEqualTo("2026-11-23T22:00");
        assertThat(calendar.addBusinessDays(sundayNight, 1, ZoneId.of("UTC"), "US").atZone(ZoneId.of("UTC"))
                .toLocalDate().toString()).isEqualTo("2026-11-24");
        assertThat(calendar.businessDaysBetween(due, sundayNight, NEW_YORK, "US")).isEqualTo(-1);
    }

    @Test
    void knowsWhichCountriesItHasCalendarsFor() {
        assertThat(calendar.knows("US")).isTrue();
        assertThat(calendar.knows("gb")).isTrue();
        assertThat(calendar.knows("XX")).isFalse();
    }
}
