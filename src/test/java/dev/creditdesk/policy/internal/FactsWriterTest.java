package dev.creditdesk.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.policy.Anchor;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.UsageQuery;
import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.policy.UsageWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A facts snapshot reads back, through JSON, into the very facts it was written from. */
class FactsWriterTest {

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    private static Facts facts() {
        return Facts.builder(LA, Instant.parse("2026-03-05T18:00:00Z"))
                .anchor(Anchor.PURCHASE, Instant.parse("2026-03-02T18:00:00Z"))
                .anchor(Anchor.SUBSCRIPTION_START, Instant.parse("2026-01-31T18:00:00Z"))
                .anchor(Anchor.CANCELLATION, Instant.parse("2026-03-03T01:02:03.456Z"))
                .put("request", "category", "change_of_mind").put("request", "evidence", List.of("screenshot"))
                .put("request", "has_task", false).put("request", "channel", "web")
                .put("order", "net", new BigDecimal("29.90")).put("order", "tax", new BigDecimal("0.00"))
                .put("order", "fee", new BigDecimal("0.00")).put("order", "total", new BigDecimal("29.90"))
                .put("order", "credits", 3L).put("order", "used", 1L).put("order", "held", 0L)
                .put("order", "unused", 2L).put("order", "refunded", new BigDecimal("0.0000"))
                .put("order", "channel", "app_store").put("order", "provider", "stripe")
                .put("subscription", "interval", "year").put("subscription", "months_elapsed", 1L)
                .put("subscription", "cancelled", true)
                .put("account", "country", "DE")
                .put("outage", "longest_hours", new BigDecimal("0.016667"))
                .usage(new UsageQuery("video", new UsageWindow.Since(Anchor.RENEWAL)), new UsageTotal(3, BigDecimal.valueOf(3)))
                .usage(new UsageQuery("audio_minutes", new UsageWindow.Lifetime()),
                        new UsageTotal(4, new BigDecimal("42.5")))
                .planPrice("pro-monthly", new BigDecimal("9.99"))
                .build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSnapshotReadsBackIntoTheSameFacts() {
        Facts facts = facts();
        Map<String, Object> snapshot = PolicyDocuments.snapshot(facts);
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Object> stored = json.readValue(json.writeValueAsString(snapshot), Map.class);

        Facts read = PolicyDocuments.facts(stored, null);

        assertThat(read.zone()).isEqualTo(LA);
        assertThat(read.requestedAt()).isEqualTo(facts.requestedAt());
        assertThat(read.anchors()).isEqualTo(facts.anchors());
        assertThat(read.usage()).isEqualTo(facts.usage());
        assertThat(read.planPrices()).isEqualTo(facts.planPrices());
        for (String struct : Facts.STRUCTS) {
            assertThat(read.struct(struct)).as(struct).usingRecursiveComparison()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(facts.struct(struct));
        }
        // the used ratio 1/3 has 34 digits: it is derived again, not written
        assertThat(((Map<String, Object>) stored.get("order"))).doesNotContainKey("used_ratio");
        assertThat(((Map<String, Object>) stored.get("order")).get("net")).isEqualTo("29.90");
        assertThat(stored.get("cancelled_at")).isEqualTo("2026-03-03T01:02:03.456Z");
    }

    @Test
    void aDerivedFactGivenWithAnotherValueIsKeptAsGiven() {
        Facts facts = Facts.builder(LA, Instant.parse("2026-03-05T18:00:00Z"))
                .anchor(Anchor.PURCHASE, Instant.parse("2026-03-02T18:00:00Z"))
                .put("request", "days_since_purchase", 9L)
                .build();
        Facts read = PolicyDocuments.facts(PolicyDocuments.snapshot(facts), null);
        assertThat(read.struct("request").get("days_since_purchase")).isEqualTo(9L);
        assertThat(read.struct("request").get("hours_since_purchase")).isEqualTo(72L);
    }
}
