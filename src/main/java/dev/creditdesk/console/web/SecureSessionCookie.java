package dev.creditdesk.console.web;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * An installation its people reach over HTTPS ({@code creditdesk.public-url} is https) sends the
 * console's session cookie {@code Secure}, whichever hop ends TLS and whether or not the proxy's
 * forwarded headers are trusted. Added last, so the operator's own
 * {@code server.servlet.session.cookie.secure} wins.
 */
class SecureSessionCookie implements EnvironmentPostProcessor, Ordered {

    static final String SECURE = "server.servlet.session.cookie.secure";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String publicUrl = environment.getProperty("creditdesk.public-url", "");
        if (publicUrl.regionMatches(true, 0, "https://", 0, 8)) {
            environment.getPropertySources().addLast(new MapPropertySource("creditdesk-https-public-url",
                    Map.of(SECURE, "true")));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
