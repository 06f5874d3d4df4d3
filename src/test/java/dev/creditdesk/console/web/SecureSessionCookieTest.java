package dev.creditdesk.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class SecureSessionCookieTest {

    private static String secureAfter(MockEnvironment environment) {
        new SecureSessionCookie().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty(SecureSessionCookie.SECURE);
    }

    @Test
    void anHttpsPublicUrlMakesTheSessionCookieSecure() {
        assertThat(secureAfter(new MockEnvironment().withProperty("creditdesk.public-url", "https://desk.example.com")))
                .isEqualTo("true");
        assertThat(secureAfter(new MockEnvironment().withProperty("creditdesk.public-url", "HTTPS://desk.example.com")))
                .isEqualTo("true");
    }

    @Test
    void anHttpPublicUrlLeavesItToTheRequest() {
        assertThat(secureAfter(new MockEnvironment().withProperty("creditdesk.public-url", "http://localhost:8080")))
                .isNull();
        assertThat(secureAfter(new MockEnvironment())).isNull();
    }

    @Test
    void theOperatorsOwnSettingWins() {
        assertThat(secureAfter(new MockEnvironment().withProperty("creditdesk.public-url", "https://desk.example.com")
                .withProperty(SecureSessionCookie.SECURE, "false"))).isEqualTo("false");
    }
}
