package dev.creditdesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PortalSettingsTest {

    private static PortalSettings with(String key, Duration statusLifetime, int files) {
        return new PortalSettings(key, statusLifetime, Duration.ofHours(24), Duration.ofSeconds(3), files, 10, 5);
    }

    @Test
    void aShortLinkKeyOrANonPositiveLifetimeStopsTheStart() {
        assertThatThrownBy(() -> with("too-short", Duration.ofDays(30), 5))
                .hasMessageContaining("creditdesk.portal.link-key must be at least 32 characters");
        assertThatThrownBy(() -> with(null, Duration.ZERO, 5)).hasMessageContaining("lifetimes must be positive");
        assertThatThrownBy(() -> with(null, Duration.ofDays(30), -1)).hasMessageContaining("max-files-per-form");
    }

    @Test
    void aBlankKeyMeansGeneratedAndTheKeyIsNeverPrinted() {
        assertThat(with("  ", Duration.ofDays(30), 5).linkKey()).isNull();
        String key = "k".repeat(40);
        assertThat(with(key, Duration.ofDays(30), 5).toString()).doesNotContain(key).contains("(set)");
    }
}
