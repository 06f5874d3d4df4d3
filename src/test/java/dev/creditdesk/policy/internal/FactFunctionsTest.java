package dev.creditdesk.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.policy.Anchor;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyNeeds;
import dev.creditdesk.policy.UsageQuery;
import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.policy.UsageWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FactFunctionsTest {

    private static final CelPolicyEnvironment CEL = new CelPolicyEnvironment();

    @Test
    void loadingFindsEveryAggregateAndPriceAPolicyReads() {
        CelPolicyEnvironment.Condition condition = CEL.compileCondition(
                "usage.count(\"video\", \"renewal\") == 0 && usage.quantity(\"audio_minutes\", \"lifetime\") < 30"
                        + " && catalog.price(\"pro-monthly\") < order.net"
                        + " && usage.count(\"download\", \"2026-01-01\") < 3");
        assertThat(condition.needs()).isEqualTo(new PolicyNeeds(Set.of(
                new UsageQuery("video", new UsageWindow.Since(Anchor.RENEWAL)),
                new UsageQuery("audio_minutes", new UsageWindow.Lifetime()),
                new UsageQuery("download", new UsageWindow.SinceDate(LocalDate.parse("2026-01-01")))),
                Set.of("pro-monthly")));
    }

    @Test
    void argumentsMustBeLiteralsAndWindowsKnown() {
        assertThatThrownBy(() -> CEL.compileCondition("usage.count(order.plan, \"renewal\") > 0"))
                .hasMessageContaining("takes two quoted literals");
        assertThatThrownBy(() -> CEL.compileCondition("usage.count(\"video\", \"last_week\") > 0"))
                .hasMessageContaining("usage window 'last_week' must be lifetime, purchase, charge, renewal");
        assertThatThrownBy(() -> CEL.compileCondition("usage.count(\"Video!\", \"lifetime\") > 0"))
                .hasMessageContaining("usage kind 'Video!'");
        assertThatThrownBy(() -> CEL.compileCondition("catalog.price(order.plan) > decimal(\"1\")"))
                .hasMessageContaining("catalog.price(plan) takes a quoted plan id");
    }

    @Test
    void evaluationReadsTheAggregatesAndNamesAMissingOne() {
        UsageQuery videos = new UsageQuery("video", new UsageWindow.Since(Anchor.RENEWAL));
        Facts facts = Facts.builder(ZoneOffset.UTC, Instant.parse("2026-03-03T10:00:00Z"))
                .usage(videos, new UsageTotal(3, new BigDecimal("7.5")))
                .planPrice("pro-monthly", new BigDecimal("9.99"))
                .build();
        assertThat(CEL.evaluate(CEL.compileCondition("usage.count(\"video\", \"renewal\") == 3"), facts)).isTrue();
        assertThat(CEL.evaluate(CEL.compileAmount("usage.quantity(\"video\", \"renewal\") * 2"), facts))
                .isEqualByComparingTo("15.0");
        assertThat(CEL.evaluate(CEL.compileAmount("catalog.price(\"pro-monthly\")"), facts))
                .isEqualByComparingTo("9.99");
        assertThatThrownBy(() -> CEL.evaluate(CEL.compileCondition("usage.count(\"video\", \"lifetime\") > 0"), facts))
                .hasMessageContaining("no usage of 'video' over lifetime");
        assertThatThrownBy(() -> CEL.evaluate(CEL.compileAmount("catalog.price(\"team\")"), facts))
                .hasMessageContaining("no catalog price for plan 'team'");
    }

    @Test
    void aUsageWindowStartsAtItsAnchorOrNowhere() {
        Instant purchase = Instant.parse("2026-03-01T09:00:00Z");
        Facts.Builder builder = Facts.builder(ZoneOffset.UTC, Instant.parse("2026-03-03T10:00:00Z"))
                .anchor(Anchor.PURCHASE, purchase);
        assertThat(builder.usageFrom(new UsageWindow.Lifetime())).isNull();
        assertThat(builder.usageFrom(new UsageWindow.Since(Anchor.RENEWAL))).isEqualTo(purchase);
        assertThat(builder.usageFrom(new UsageWindow.Since(Anchor.CANCELLATION)))
                .isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
        assertThat(builder.usageFrom(new UsageWindow.SinceDate(LocalDate.parse("2026-02-01"))))
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }
}
