package dev.creditdesk.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CelFactsTest {

    @Test
    void valuesAreNormalizedForCel() {
        CelFacts facts = new SampleFacts().with("order.used", 41).with("order.net", new BigDecimal("29.90"))
                .with("outage.total_hours", 3).build();
        assertThat(facts.order().get("used")).isEqualTo(41L);
        assertThat(facts.order().get("net")).isEqualTo(Decimal.of("29.9"));
        assertThat(facts.outage().get("total_hours")).isEqualTo(Decimal.of(3));
    }

    @Test
    void moneyIsNeverADouble() {
        assertThatThrownBy(() -> new SampleFacts().with("order.net", 29.90).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("order.net must be decimal, not Double");
    }

    @Test
    void everyDeclaredFieldAndNoOtherIsRequired() {
        assertThatThrownBy(() -> new SampleFacts().with("order.totl", BigDecimal.ONE).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("order facts: missing [], unknown [totl]");
        assertThatThrownBy(() -> new SampleFacts().with("request.evidence", List.of(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("request.evidence must be list(string)");
        assertThatThrownBy(() -> new SampleFacts().with("dispute.open", null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dispute.open must be bool, not null");
    }
}
