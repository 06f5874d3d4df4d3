package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockConfigurationTest {

    private final Clock clock = new ClockConfiguration().clock();

    @Test
    void ticksInMicrosecondsAndStillAnswersMillis() {
        Instant now = clock.instant();
        assertThat(now.getNano() % 1_000).isZero();
        // JDK 17's Clock.tick below a millisecond divided by zero here; ids are made from millis()
        assertThat(clock.millis()).isBetween(now.toEpochMilli(), now.toEpochMilli() + 60_000);
        assertThat(Ids.newId(clock).version()).isEqualTo(7);
    }
}
