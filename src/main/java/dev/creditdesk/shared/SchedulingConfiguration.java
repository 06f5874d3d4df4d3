package dev.creditdesk.shared;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background jobs run on every node unless {@code creditdesk.jobs.enabled=false}; tests turn them
 * off and run each pass themselves, at a time they choose on a clock they move.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "creditdesk.jobs.enabled", matchIfMissing = true)
@EnableScheduling
class SchedulingConfiguration {
}
