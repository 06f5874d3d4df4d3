package dev.creditdesk.demo;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the demo and its mail server on, the defaults that make them meet: outgoing mail goes to
 * the demo's SMTP port, and mailboxes on this machine are allowed. Added last, so any setting of
 * the operator's (a real {@code spring.mail.host}) wins.
 */
class DemoMailDefaults implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean demo = environment.getProperty("creditdesk.demo.enabled", Boolean.class, false);
        boolean mail = environment.getProperty("creditdesk.demo.mail.enabled", Boolean.class, true);
        if (!demo || !mail) {
            return;
        }
        String smtpPort = environment.getProperty("creditdesk.demo.mail.smtp-port", "3025");
        environment.getPropertySources().addLast(new MapPropertySource("creditdesk-demo-mail", Map.of(
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", smtpPort,
                "creditdesk.intake.allow-private-hosts", "true")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
