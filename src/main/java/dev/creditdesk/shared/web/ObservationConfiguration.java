package dev.creditdesk.shared.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * What is observed per request: {@code http.server.requests} (Boot's, the metric the alerts and the
 * dashboard read) and nothing of Spring Security's. Its observations wrapped every filter of a chain
 * and every authorization decision in an observation of its own, about a tenth of a request's CPU
 * for metrics nobody reads ({@code spring_security_*}); authentication and authorization here are
 * the application's own and have their own logs and counts. The {@code .active} long-task timers
 * of every observation are off too ({@code management.metrics.observations.ignored-meters}).
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfiguration {

    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }
}
