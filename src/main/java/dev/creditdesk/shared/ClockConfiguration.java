package dev.creditdesk.shared;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one source of time. Tests replace it with a clock they can move. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** Ticks in microseconds, PostgreSQL's precision, so an instant reads back as it was written. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
