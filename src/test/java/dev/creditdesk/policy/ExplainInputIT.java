package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Facts sent to explain are checked against the fact schema: a wrong one is a 400 naming it, never a 500. */
class ExplainInputIT extends IntegrationTest {

    private static Map<String, Object> facts(Map<String, Object> order) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("purchased_at", "2026-03-02T10:00:00-08:00");
        facts.put("requested_at", "2026-03-05T10:00:00-08:00");
        facts.put("order", order);
        return facts;
    }

    private static Map<String, Object> order(String field, Object value) {
        Map<String, Object> order = new LinkedHashMap<>(Map.of("net", "29.90", "total", "29.90", "credits", 400,
                "used", 100, "delivered", true));
        order.put(field, value);
        return order;
    }

    @Test
    void aFactOfTheWrongTypeOrNullIs400NamingIt() {
        TestTenant tenant = newTenant("tiered-usage", Map.of());
        String explain = "/v1/policies/tiered-usage/explain";
        assertThat(api.post(explain, tenant.supportKey(), facts(order("net", "29.90"))).status()).isEqualTo(200);

        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("net", null);
        cases.put("credits", "abc");
        cases.put("used", null);
        cases.put("delivered", "yes");
        cases.put("currency", 5);
        cases.put("total", List.of("29.90"));
        cases.put("refunded", "1e999999999");
        cases.put("held", 10_000_000_000_000L);
        cases.forEach((field, value) -> {
            Api.Response response = api.post(explain, tenant.supportKey(), facts(order(field, value)));
            assertThat(response.status()).as(field + "=" + value + ": " + response).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.errorField()).isEqualTo("order." + field);
        });

        Map<String, Object> evidence = facts(order("net", "29.90"));
        evidence.put("request", Map.of("evidence", "screenshot"));
        assertThat(api.post(explain, tenant.supportKey(), evidence).errorField()).isEqualTo("request.evidence");
        Map<String, Object> notAStruct = facts(order("net", "29.90"));
        notAStruct.put("account", 7);
        assertThat(api.post(explain, tenant.supportKey(), notAStruct).errorField()).isEqualTo("account");
        Map<String, Object> numberTime = facts(order("net", "29.90"));
        numberTime.put("requested_at", 1_772_442_000);
        assertThat(api.post(explain, tenant.supportKey(), numberTime).errorField()).isEqualTo("requested_at");
        Map<String, Object> farFuture = facts(order("net", "29.90"));
        farFuture.put("requested_at", "+999999999-12-31T23:59:59Z");
        assertThat(api.post(explain, tenant.supportKey(), farFuture).errorField()).isEqualTo("requested_at");
        Map<String, Object> nullTimezone = facts(order("net", "29.90"));
        nullTimezone.put("timezone", 5);
        assertThat(api.post(explain, tenant.supportKey(), nullTimezone).errorField()).isEqualTo("timezone");
    }
}
