package dev.creditdesk.shared.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Limit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitPropertiesTest {

    @Test
    void limitsLeftOutKeepTheirDefaults() {
        RateLimitProperties settings = new RateLimitProperties(true, null, new Limit(null, 500L), null, null);

        assertThat(settings.perKey()).isEqualTo(new Limit(100L, 200L));
        assertThat(settings.perAddress()).as("only the burst given").isEqualTo(new Limit(20L, 500L));
        assertThat(settings.webhooks()).isEqualTo(new Limit(50L, 100L));
        assertThat(settings.signIn().settings().failures()).isEqualTo(5);
        assertThat(settings.signIn().settings().firstLockout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRateAloneGetsABurstAsLargeAsTheRate() {
        RateLimitProperties settings = new RateLimitProperties(true, new Limit(1000L, null), null, null, null);

        assertThat(settings.perKey()).isEqualTo(new Limit(1000L, 1000L));
    }

    @Test
    void aBurstBelowTheRateOrANonPositiveRateStopsTheStart() {
        assertThatThrownBy(() -> new RateLimitProperties(true, new Limit(100L, 10L), null, null, null))
                .hasMessageContaining("creditdesk.rate-limits.per-key");
        assertThatThrownBy(() -> new RateLimitProperties(true, null, new Limit(0L, 10L), null, null))
                .hasMessageContaining("creditdesk.rate-limits.per-address");
    }
}
