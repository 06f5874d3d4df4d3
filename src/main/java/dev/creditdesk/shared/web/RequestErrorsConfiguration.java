package dev.creditdesk.shared.web;

import dev.creditdesk.shared.Fields;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad requests answered as problem+json at every depth: in the container (malformed URLs), in
 * filters (no database connection), before the body is read (content types) and in query
 * parameters (times within {@link Fields#EARLIEST_TIME}..{@link Fields#LATEST_TIME}).
 */
@Configuration(proxyBeanMethods = false)
class RequestErrorsConfiguration implements WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<DatabaseBusyFilter> databaseBusyFilter(JsonMapper json) {
        FilterRegistrationBean<DatabaseBusyFilter> registration = new FilterRegistrationBean<>(new DatabaseBusyFilter(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                replaceErrorReport(context.getParent());
            }
        }));
    }

    /**
     * Tomcat's host has an HTML ErrorReportValve (Boot adds one, the host its default, both before
     * the context starts): ours replaces them.
     */
    private static void replaceErrorReport(Container host) {
        Pipeline pipeline = host.getPipeline();
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrors.ProblemReportValve)) {
                pipeline.removeValve(valve);
            }
        }
        boolean present = false;
        for (Valve valve : pipeline.getValves()) {
            present |= valve instanceof ContainerErrors.ProblemReportValve;
        }
        if (!present) {
            pipeline.addValve(new ContainerErrors.ProblemReportValve());
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ContentTypeCheck()).addPathPatterns("/v1/**");
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldType(Instant.class, new Formatter<Instant>() {
            @Override
            public Instant parse(String text, Locale locale) {
                Instant time;
                try {
                    time = OffsetDateTime.parse(text.trim()).toInstant();
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("not an RFC 3339 time");
                }
                if (!Fields.withinTimeBounds(time)) {
                    throw new IllegalArgumentException("outside " + Fields.EARLIEST_TIME + ".." + Fields.LATEST_TIME);
                }
                return time;
            }

            @Override
            public String print(Instant time, Locale locale) {
                return time.toString();
            }
        });
    }
}
