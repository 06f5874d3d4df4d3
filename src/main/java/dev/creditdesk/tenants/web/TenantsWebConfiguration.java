package dev.creditdesk.tenants.web;

import dev.creditdesk.tenants.ApiKeys;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TenantsWebConfiguration {

    /** Before the request transaction filter (order 10), which scopes idempotency keys by caller. */
    static final int AUTHENTICATION_FILTER_ORDER = 0;

    /** Every path: whether a request needs a key is its handler's to say, not its path's. */
    @Bean
    FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyAuthenticationFilter(ApiKeys keys) {
        FilterRegistrationBean<ApiKeyAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyAuthenticationFilter(keys));
        registration.setOrder(AUTHENTICATION_FILTER_ORDER);
        return registration;
    }
}
