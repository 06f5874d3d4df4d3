package dev.creditdesk.refunds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The time a person spends on a case in review, as the tenant's own records measure it: the
 * median gap between one person's consecutive decisions of cases in review (over the 90 days
 * before), counting only gaps of at most an hour (a longer one is a break, not a case). With fewer
 * than {@link #MIN_SAMPLE} such gaps the figure is {@code fallback}, and says so.
 */
public record HandlingTime(Duration perCase, Source source, long sample) {

    public static final int MIN_SAMPLE = 20;
    static final Duration PERIOD = Duration.ofDays(90);
    static final Duration LONGEST_GAP = Duration.ofHours(1);

    /** Where the figure comes from: the tenant's decisions, the caller's setting, or the default. */
    public enum Source {
        MEASURED, GIVEN, DEFAULT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String GAPS = """
            with decided as (
                select actor, at, lag(at) over (partition by actor order by at) as previous
                from refund_request_events
                where tenant_id = ? and from_status = 'in_review' and to_status <> 'in_review'
                  and (actor like 'person:%' or actor like 'api_key:%') and at >= ? and at < ?)
            select count(*), percentile_cont(0.5) within group (order by extract(epoch from at - previous))
            from decided
            where previous is not null and at > previous and at - previous <= ?::interval""";

    /** A figure someone gave (a request's {@code handling_minutes}, the CLI's option). */
    public static HandlingTime given(Duration perCase) {
        return new HandlingTime(perCase, Source.GIVEN, 0);
    }

    /** The tenant's measured handling time at {@code now}, or {@code fallback} when too few decisions show it. */
    public static HandlingTime measure(Connection connection, UUID tenantId, Instant now, Duration fallback)
            throws SQLException {
        try (PreparedStatement gaps = connection.prepareStatement(GAPS)) {
            gaps.setObject(1, tenantId);
            gaps.setTimestamp(2, Timestamp.from(now.minus(PERIOD)));
            gaps.setTimestamp(3, Timestamp.from(now));
            gaps.setString(4, LONGEST_GAP.toSeconds() + " seconds");
            try (ResultSet rs = gaps.executeQuery()) {
                rs.next();
                long sample = rs.getLong(1);
                if (sample < MIN_SAMPLE) {
                    return new HandlingTime(fallback, Source.DEFAULT, sample);
                }
                return new HandlingTime(Duration.ofMillis(Math.round(rs.getDouble(2) * 1000)), Source.MEASURED, sample);
            }
        }
    }
}
