package dev.creditdesk.tenants.internal;

import dev.creditdesk.tenants.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the server is up: says where it listens and, on first start without
 * {@code CREDITDESK_ADMIN_KEY}, generates the operator key and shows it this once: the one key
 * that is ever written to the log (the demo's keys aside, which only the demo profile creates).
 */
@Component
class FirstStart {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final ApiKeys keys;
    private final Environment environment;

    FirstStart(ApiKeys keys, Environment environment) {
        this.keys = keys;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void ready() {
        String url = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        StringBuilder banner = new StringBuilder("\n\n  Creditdesk is running at ").append(url).append('\n');
        if (environment.getProperty("springdoc.api-docs.enabled", Boolean.class, true)) {
            banner.append("  API docs: ").append(url).append("/v3/api-docs\n");
        }
        keys.generateOperatorKeyIfNone().ifPresent(key -> banner
                .append("  Operator key (shown once; set CREDITDESK_ADMIN_KEY to choose your own): ")
                .append(key.secret()).append('\n'));
        log.info(banner.toString());
    }
}
