package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.SignInBackoff;
import dev.creditdesk.support.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Failed console sign-ins from one address lock it out, even for the right key, for a doubling pause. */
class ConsoleSignInBackoffIT extends IntegrationTest {

    private static final SignInBackoff.Settings THREE_FAILURES = new SignInBackoff.Settings(
            3, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1));

    @Autowired
    SignInBackoff backoff;

    @Autowired
    JdbcClient jdbc;

    @Test
    void failuresLockTheAddressOutEvenForTheRightKeyUntilThePauseEnds() {
        TestTenant tenant = newTenant();
        String address = newAddress();
        backoff.use(address, THREE_FAILURES);
        ConsoleClient browser = new ConsoleClient(port, address);

        for (int i = 0; i < 3; i++) {
            assertThat(browser.signIn("cd_support_not-a-key").location()).endsWith("/console/sign-in?error");
        }
        assertThat(browser.get("/console/sign-in?error").text())
                .contains("Too many failed sign-ins from your address: sign-in is paused for 30 seconds");

        ConsoleClient.Page refused = browser.signIn(tenant.supportKey());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.text()).contains("Too many failed sign-ins", "30 seconds", "The key was not checked");
        assertThat(browser.get("/console/queue").location()).as("not signed in").endsWith("/console/sign-in");

        assertThat(new ConsoleClient(port, newAddress()).signIn(tenant.supportKey()).location())
                .as("another address signs in").endsWith("/console");
        assertThat(new SignInBackoff(jdbc, clock, true, THREE_FAILURES).lockedFor(address))
                .as("another node sees the lockout").contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(31));
        assertThat(browser.signIn("cd_support_not-a-key").location()).endsWith("/console/sign-in?error");
        ConsoleClient.Page longer = browser.signIn(tenant.supportKey());
        assertThat(longer.status()).isEqualTo(429);
        assertThat(longer.text()).as("the pause doubles").contains("60 seconds");

        clock.advance(Duration.ofSeconds(61));
        ConsoleClient.Page signedIn = browser.signIn(tenant.supportKey());
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).as(signedIn.toString()).contains("/console/").doesNotContain("sign-in");
        assertThat(jdbc.sql("select count(*) from sign_in_failures where address = :address")
                .param("address", address).query(Long.class).single()).as("success forgets the failures").isZero();
    }

    private static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}
