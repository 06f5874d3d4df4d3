package dev.creditdesk.shared.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Limit;
import dev.creditdesk.shared.web.ratelimit.RateLimitProperties.Sync;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitPropertiesTest {

    @Test
    void limitsLeftOutKeepTheirDefaults() {
        RateLimitProperties settings = new RateLimitProperties(true, null, new Limit(null, 500L), null, null, null);

        assertThat(settings.perKey()).isEqualTo(new Limit(100L, 200L));
        assertThat(settings.perAddress()).as("only the burst given").isEqualTo(new Limit(20L, 500L));
        assertThat(settings.webhooks()).isEqualTo(new Limit(50L, 100L));
        assertThat(settings.signIn().settings().failures()).isEqualTo(5);
        assertThat(settings.signIn().settings().firstLockout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRateAloneGetsABurstAsLargeAsTheRate() {
        RateLimitProperties settings = new RateLimitProperties(true, new Limit(1000L, null), null, null, null, null);

        assertThat(settings.perKey()).isEqualTo(new Limit(1000L, 1000L));
    }

    @Test
    void aBurstBelowTheRateOrANonPositiveRateStopsTheStart() {
        assertThatThrownBy(() -> new RateLimitProperties(true, new Limit(100L, 10L), null, null, null, null))
                .hasMessageContaining("creditdesk.rate-limits.per-key");
        assertThatThrownBy(() -> new RateLimitProperties(true, null, new Limit(0L, 10L), null, null, null))
                .hasMessageContaining("creditdesk.rate-limits.per-address");
    }

    @Test
    void eachNodeWritesABucketBackEveryTenthOfItsBurstOrEvery100Milliseconds() {
        Sync sync = new RateLimitProperties(true, null, null, null, null, null).sync();

        assertThat(sync).isEqualTo(new Sync(10, 1000L, Duration.ofMillis(100)));
        assertThat(sync.unsyncedTokens(200)).as("per key").isEqualTo(20);
        assertThat(sync.unsyncedTokens(40)).as("per address").isEqualTo(4);
        assertThat(sync.unsyncedTokens(9)).as("below 10 tokens: every draw is written").isZero();
        assertThat(sync.unsyncedTokens(1_000_000_000)).as("at most max-unsynced-tokens").isEqualTo(1000);
        assertThat(new Sync(10, Long.MAX_VALUE, Duration.ofMillis(100)).unsyncedTokens(Long.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE / 10);
        assertThat(Sync.orDefault(new Sync(10, null, Duration.ZERO)).unsyncedTokens(200))
                .as("no time: every draw").isZero();
        assertThat(Sync.orDefault(new Sync(0, null, null)).unsyncedTokens(200)).isZero();
        assertThat(Sync.orDefault(new Sync(null, 0L, null)).unsyncedTokens(200)).isZero();
    }

    @Test
    void anAllowanceOutsideItsRangeStopsTheStart() {
        assertThatThrownBy(() -> new RateLimitProperties(true, null, null, null, null, new Sync(101, null, null)))
                .hasMessageContaining("creditdesk.rate-limits.sync.max-unsynced-percent");
        assertThatThrownBy(() -> new RateLimitProperties(true, null, null, null, null,
                new Sync(null, null, Duration.ofMinutes(2))))
                .hasMessageContaining("creditdesk.rate-limits.sync.max-unsynced-time");
        assertThatThrownBy(() -> new RateLimitProperties(true, null, null, null, null,
                new Sync(null, null, Duration.ofMillis(-1))))
                .hasMessageContaining("creditdesk.rate-limits.sync.max-unsynced-time");
        assertThatThrownBy(() -> new RateLimitProperties(true, null, null, null, null, new Sync(null, -1L, null)))
                .hasMessageContaining("creditdesk.rate-limits.sync.max-unsynced-tokens");
    }
}
