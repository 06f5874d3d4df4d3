package dev.creditdesk.shared.web;

import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.RequestAudit;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.MethodParameter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** Runs after authentication (order 0, in the tenants module), which scopes idempotency keys. */
    static final int TRANSACTION_FILTER_ORDER = 10;

    /** Before every other filter that reads the path, Spring Security's chains (-100) included. */
    static final int PATH_SPELLING_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    private final BeanFactory beans;

    WebConfiguration(BeanFactory beans) {
        this.beans = beans;
    }

    /** First of all filters, so every answer (refusals by later filters included) carries the id. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PathSpellingFilter> pathSpellingFilter(JsonMapper json) {
        FilterRegistrationBean<PathSpellingFilter> registration =
                new FilterRegistrationBean<>(new PathSpellingFilter(json));
        registration.setOrder(PATH_SPELLING_FILTER_ORDER);
        return registration;
    }

    /**
     * Tomcat would answer an encoded {@code /} or {@code \} itself, with an HTML page; passed
     * through as they are, they reach {@link PathSpellingFilter}, which refuses them as problem+json.
     * Nothing decodes them: routing never sees them as separators.
     */
    @Bean
    TomcatConnectorCustomizer encodedSeparatorsReachThePathCheck() {
        return connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
        };
    }

    @Bean
    FilterRegistrationBean<RequestTransactionFilter> requestTransactionFilter(
            PlatformTransactionManager transactions, IdempotencyKeys keys, JsonMapper json,
            List<RequestAudit> audit, @Value("${creditdesk.tasks.batching.enabled:false}") boolean groupCommit) {
        FilterRegistrationBean<RequestTransactionFilter> registration = new FilterRegistrationBean<>(
                new RequestTransactionFilter(transactions, keys, json, audit,
                        groupCommit ? new GroupCommitRoutes(beans) : null));
        registration.addUrlPatterns("/v1/*", "/console/*");
        registration.setOrder(TRANSACTION_FILTER_ORDER);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerAuthorization(AutoConfigurationPackages.get(beans)));
        // after authorization: a caller without access learns nothing about an endpoint's parameters
        registry.addInterceptor(new QueryParameterCheck());
        registry.addInterceptor(GroupCommitRoutes.guard());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                    NativeWebRequest request, WebDataBinderFactory binders) {
                return Caller.of(request.getNativeRequest(HttpServletRequest.class));
            }
        });
    }
}
