package dev.creditdesk.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes an {@link Instant} as the very text {@link DateTimeFormatter#ISO_INSTANT} gives
 * ({@code 2026-03-02T10:00:00Z}, {@code …:00.123Z}, {@code …:00.123456Z}: the fraction in groups of
 * three digits, as many as needed), without the formatter's generic field machinery: every task
 * answer carries four times, and formatting them was most of the cost of writing it. Years outside
 * 0000–9999 (never stored: {@link Fields#EARLIEST_TIME}) are left to the formatter.
 */
public final class InstantJson extends StdSerializer<Instant> {

    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final int SECONDS_PER_DAY = 86_400;
    /** {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ} */
    private static final int MAX_LENGTH = 30;

    InstantJson() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
        char[] text = new char[MAX_LENGTH];
        int length = write(value, text);
        if (length < 0) {
            generator.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
        } else {
            generator.writeString(text, 0, length);
        }
    }

    /** The ISO-8601 text of {@code time}, the same as {@link Instant#toString()}. */
    public static String format(Instant time) {
        char[] text = new char[MAX_LENGTH];
        int length = write(time, text);
        return length < 0 ? DateTimeFormatter.ISO_INSTANT.format(time) : new String(text, 0, length);
    }

    /** Writes the text into {@code out} and returns its length; -1 for a year outside 0000–9999. */
    static int write(Instant time, char[] out) {
        long seconds = time.getEpochSecond();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        if (day < FIRST_DAY || day > LAST_DAY) {
            return -1;
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        out[0] = digit(year / 1000);
        out[1] = digit(year / 100 % 10);
        out[2] = digit(year / 10 % 10);
        out[3] = digit(year % 10);
        out[4] = '-';
        twoDigits(out, 5, date.getMonthValue());
        out[7] = '-';
        twoDigits(out, 8, date.getDayOfMonth());
        out[10] = 'T';
        twoDigits(out, 11, secondOfDay / 3600);
        out[13] = ':';
        twoDigits(out, 14, secondOfDay / 60 % 60);
        out[16] = ':';
        twoDigits(out, 17, secondOfDay % 60);
        int at = 19;
        int nanos = time.getNano();
        if (nanos != 0) {
            out[at++] = '.';
            int digits;
            int fraction;
            if (nanos % 1_000_000 == 0) {
                digits = 3;
                fraction = nanos / 1_000_000;
            } else if (nanos % 1_000 == 0) {
                digits = 6;
                fraction = nanos / 1_000;
            } else {
                digits = 9;
                fraction = nanos;
            }
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = digit(fraction % 10);
                fraction /= 10;
            }
            at += digits;
        }
        out[at++] = 'Z';
        return at;
    }

    private static void twoDigits(char[] out, int at, int value) {
        out[at] = digit(value / 10);
        out[at + 1] = digit(value % 10);
    }

    private static char digit(int value) {
        return (char) ('0' + value);
    }
}
