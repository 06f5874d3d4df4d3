package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInBackoffTest {

    private final SignInBackoff.Settings settings = new SignInBackoff.Settings(
            5, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1));

    @Test
    void noPauseBeforeTheThresholdThenAPauseThatDoublesUpToTheCap() {
        assertThat(settings.lockoutAfter(1)).isZero();
        assertThat(settings.lockoutAfter(4)).isZero();
        assertThat(settings.lockoutAfter(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.lockoutAfter(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.lockoutAfter(9)).isEqualTo(Duration.ofMinutes(8));
        assertThat(settings.lockoutAfter(10)).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.lockoutAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertThatThrownBy(() -> new SignInBackoff.Settings(0, Duration.ofSeconds(30), Duration.ofMinutes(15),
                Duration.ofHours(1))).hasMessageContaining("creditdesk.rate-limits.sign-in");
        assertThatThrownBy(() -> new SignInBackoff.Settings(5, Duration.ofMinutes(30), Duration.ofMinutes(15),
                Duration.ofHours(1))).hasMessageContaining("max-lockout");
    }
}
