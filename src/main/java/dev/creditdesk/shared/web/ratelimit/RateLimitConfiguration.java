package dev.creditdesk.shared.web.ratelimit;

import dev.creditdesk.shared.FormLimits;
import dev.creditdesk.shared.SignInBackoff;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    /** Before API key authentication (order 0) and the request transaction (10): a refused request costs no more. */
    static final int RATE_LIMIT_FILTER_ORDER = -20;

    @Bean
    RateLimiter rateLimiter(DataSource dataSource, Clock clock, RateLimitProperties settings) {
        return new RateLimiter(dataSource, clock, settings);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "creditdesk.rate-limits.enabled", matchIfMissing = true)
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimiter limiter, JsonMapper json) {
        FilterRegistrationBean<RateLimitFilter> registration =
                new FilterRegistrationBean<>(new RateLimitFilter(limiter, json));
        registration.addUrlPatterns("/*");
        registration.setOrder(RATE_LIMIT_FILTER_ORDER);
        return registration;
    }

    @Bean
    FormLimits formLimits(RateLimiter limiter, RateLimitProperties settings) {
        return new HourlyFormLimits(limiter, settings.enabled());
    }

    @Bean
    SignInBackoff signInBackoff(JdbcClient jdbc, Clock clock, RateLimitProperties settings) {
        return new SignInBackoff(jdbc, clock, settings.enabled(), settings.signIn().settings());
    }

    @Bean
    RateLimitCleanup rateLimitCleanup(RateLimiter limiter, SignInBackoff backoff) {
        return new RateLimitCleanup(limiter, backoff);
    }
}
