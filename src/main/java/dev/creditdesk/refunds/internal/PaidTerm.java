package dev.creditdesk.refunds.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The paid term of one subscription period, from {@code start} to {@code end}, counted in whole
 * calendar months in the tenant's timezone. Months are counted by the term's own monthly
 * anniversaries, {@code start + k months} (a day the month lacks becomes its last day, as a
 * monthly period ends: started 31 January, the anniversaries are 28/29 February, 31 March, 30
 * April…). A month is elapsed once its anniversary has come; a month is left when it has not begun.
 * The month in progress is neither: started 31 January on a yearly plan, a request on 1 March has
 * 1 month elapsed (28 February passed, 31 March not yet) and 10 left (April to January).
 */
record PaidTerm(Instant start, Instant end, ZoneId zone) {

    /** A longer term is not a subscription period; counting stops there. */
    private static final int MAX_MONTHS = 1200;

    /** The whole months the term lasts: 1 for a monthly period, 12 for a yearly one. */
    long months() {
        ZonedDateTime from = start.atZone(zone);
        int n = 1;
        while (n < MAX_MONTHS && from.plusMonths(n).toInstant().isBefore(end)) {
            n++;
        }
        return n;
    }

    /** Whole months of the term whose anniversary has come by {@code at} (0 before the start, at most all). */
    long elapsed(Instant at) {
        ZonedDateTime from = start.atZone(zone);
        long total = months();
        long k = 0;
        while (k < total && !from.plusMonths(k + 1).toInstant().isAfter(at)) {
            k++;
        }
        return k;
    }

    /** Whole months of the term not yet begun at {@code at}: all of them before the start, none after the end. */
    long left(Instant at) {
        if (!at.isAfter(start)) {
            return months();
        }
        if (!at.isBefore(end)) {
            return 0;
        }
        long elapsed = elapsed(at);
        boolean onAnniversary = start.atZone(zone).plusMonths(elapsed).toInstant().equals(at);
        return Math.max(0, months() - elapsed - (onAnniversary ? 0 : 1));
    }
}
