package dev.creditdesk.tenants.web;

import dev.creditdesk.tenants.ApiKeys;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class TenantsWebConfiguration {

    /** Before the request transaction filter (order 10), which scopes idempotency keys by caller. */
    static final int AUTHENTICATION_FILTER_ORDER = 0;

    @Bean
    FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyAuthenticationFilter(ApiKeys keys, JsonMapper json) {
        FilterRegistrationBean<ApiKeyAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyAuthenticationFilter(keys, json));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(AUTHENTICATION_FILTER_ORDER);
        return registration;
    }
}
