package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Versions are ordered by {@code effective_from}, not by when they were published (issue 13: "when
 * published copies of a page disagree"): a version published later with an older date answers only
 * the requests before the newer version's date.
 */
class PolicyVersionOrderIT extends IntegrationTest {

    private static String version(String version, String effectiveFrom, String outcome) {
        return """
                id: dated-copies
                version: "%s"
                effective_from: %s
                review_sla_business_days: 2
                rules:
                  - id: answer
                    cite: "The page dated %s"
                    when: "true"
                    outcome: %s
                """.formatted(version, effectiveFrom, version, outcome);
    }

    private static Map<String, Object> facts(String requestedAt) {
        return Map.of("timezone", "UTC", "purchased_at", "2026-01-01T00:00:00Z", "requested_at", requestedAt);
    }

    @Test
    void anOlderVersionPublishedLaterDoesNotTakeOverAfterTheNewerOnesDate() {
        TestTenant tenant = newTenant();
        Api.Response newer = api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                version("2026-06-01", "2026-06-01T00:00:00Z", "no_refund"), "activate", true));
        assertThat(newer.status()).as(newer.toString()).isEqualTo(201);
        Api.Response older = api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                version("2026-03-01", "2026-03-01T00:00:00Z", "needs_review")));
        assertThat(older.status()).as(older.toString()).isEqualTo(201);

        Api.Response afterNewer = api.post("/v1/policies/dated-copies/explain", tenant.supportKey(),
                facts("2026-07-01T00:00:00Z"));
        assertThat(afterNewer.status()).as(afterNewer.toString()).isEqualTo(200);
        assertThat(afterNewer.text("policy_version")).isEqualTo("2026-06-01");
        assertThat(afterNewer.text("outcome")).isEqualTo("no_refund");

        Api.Response between = api.post("/v1/policies/dated-copies/explain", tenant.supportKey(),
                facts("2026-04-01T00:00:00Z"));
        assertThat(between.status()).as(between.toString()).isEqualTo(200);
        assertThat(between.text("policy_version")).isEqualTo("2026-03-01");
        assertThat(between.text("outcome")).isEqualTo("needs_review");

        Api.Response atTheNewerDate = api.post("/v1/policies/dated-copies/explain", tenant.supportKey(),
                facts("2026-06-01T00:00:00Z"));
        assertThat(atTheNewerDate.text("policy_version")).isEqualTo("2026-06-01");
    }
}
