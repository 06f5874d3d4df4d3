package dev.creditdesk.tenants.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * {@code /v1/**}: a Spring Security chain without filters. The API authenticates itself
 * ({@link ApiKeyAuthenticationFilter}: the bearer key becomes the request's {@code Caller}) and every
 * handler declares who may run it, checked for the handler that runs (shared's
 * {@code HandlerAuthorization}); no session, CSRF token or header of Spring Security's applies to it.
 * The chain that served these paths before ({@code everythingElse}, console) only permitted every
 * request, stateless, with no anonymous user: its filters did nothing an API request needs, yet cost
 * each request a dozen filter calls and their observations. Spring Security's firewall still checks
 * every request before any chain, this one included, and its context is still cleared after it.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityChain {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain api() {
        return new DefaultSecurityFilterChain(PathPatternRequestMatcher.withDefaults().matcher("/v1/**"));
    }
}
