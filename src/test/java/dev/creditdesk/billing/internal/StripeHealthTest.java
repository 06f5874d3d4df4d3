package dev.creditdesk.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class StripeHealthTest {

    @Test
    void unknownUntilACallThenDownOnlyAfterSeveralUnreachableInARow() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
        StripeHealth health = new StripeHealth(clock);
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
        health.reached();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("last_reached_at", "2026-12-04T10:00:00Z");
        for (int i = 1; i < StripeHealth.DOWN_AFTER; i++) {
            health.unavailable("SocketTimeoutException");
            assertThat(health.health().getStatus()).as("after %d", i).isEqualTo(Status.UP);
        }
        health.unavailable("HTTP 502");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("last_problem", "HTTP 502");
        health.reached();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("unavailable_in_a_row", 0);
    }
}
