package dev.creditdesk.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one source of time. Tests replace it with a clock they can move. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    Clock clock() {
        return new MicrosecondClock();
    }

    /**
     * UTC truncated to microseconds, PostgreSQL's precision, so an instant reads back exactly as
     * it was written. (JDK 17's {@code Clock.tick} with a sub-millisecond tick divides by zero in
     * {@code millis()}.)
     */
    static final class MicrosecondClock extends Clock {

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the application works in UTC");
        }

        @Override
        public Instant instant() {
            return Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
    }
}
