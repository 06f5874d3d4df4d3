package dev.creditdesk.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiKeySettingsTest {

    @Test
    void theTtlIsFromZeroToFiveMinutes() {
        assertThat(new ApiKeySettings(Duration.ZERO).cacheTtl()).isZero();
        assertThat(new ApiKeySettings(Duration.ofMinutes(5)).cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> new ApiKeySettings(Duration.ofSeconds(-1)))
                .hasMessageContaining("creditdesk.api-keys.cache-ttl");
        assertThatThrownBy(() -> new ApiKeySettings(Duration.ofMinutes(5).plusMillis(1)))
                .hasMessageContaining("creditdesk.api-keys.cache-ttl");
    }
}
