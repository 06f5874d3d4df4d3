package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PoliciesApiIT extends IntegrationTest {

    private static Map<String, Object> settings() {
        return Map.of("timezone", "America/Los_Angeles", "holiday_country", "US", "currency", "USD",
                "support_email", "s@example.com");
    }

    private TestTenant tiered() {
        Api.Response created = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", "p-" + UUID.randomUUID(),
                "settings", settings(), "policy", "tiered-usage"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("policy")).isEqualTo("tiered-usage");
        UUID id = UUID.fromString(created.text("id"));
        return new TestTenant(id, created.body().get("secret_key").get("key").asString(), issueKey(id, "support"),
                issueKey(id, "admin"));
    }

    private static Map<String, Object> facts(String requestedAt) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("purchased_at", "2026-03-02T10:00:00-08:00");
        facts.put("requested_at", requestedAt);
        facts.put("order", Map.of("net", "29.90", "total", "29.90", "credits", 400, "used", 100, "delivered", true));
        return facts;
    }

    private static final String FOURTEEN_DAYS = """
            id: tiered-usage
            version: "2026-04-01"
            effective_from: 2026-04-01T00:00:00Z
            request_window: {calendar_days: 14, cite: "3. No Refund (More Than 14 Days After Purchase)"}
            review_sla_business_days: 2
            non_refundable: [tax, fee]
            rules:
              - id: proportional-refund
                cite: "2. Proportional Refund"
                when: order.unused > 0
                outcome: partial_refund
                amount: prorate(order.net, order.unused, order.credits)
                decide: automatic
              - id: nothing-left
                cite: "2. Consumed credits are non-refundable"
                when: "true"
                outcome: no_refund
            """;

    @Test
    void aTenantChoosesAShippedPolicyAndSeesThemAll() {
        TestTenant tenant = tiered();
        Api.Response list = api.get("/v1/policies", tenant.supportKey());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text("active_policy")).isEqualTo("tiered-usage");
        assertThat(list.body().get("data").findValuesAsString("id"))
                .contains("tiered-usage", "exceptions-only", "case-review");
        Api.Response unknown = api.post("/v1/tenants", OPERATOR_KEY, Map.of("name", "q-" + UUID.randomUUID(),
                "settings", settings(), "policy", "no-such-policy"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorField()).isEqualTo("policy");
    }

    @Test
    void explainUsesTheVersionInForceWhenTheRequestWasMade() {
        TestTenant tenant = tiered();
        Api.Response early = api.post("/v1/policies/tiered-usage/explain", tenant.supportKey(),
                facts("2026-03-12T10:00:00-07:00"));
        assertThat(early.status()).as(early.toString()).isEqualTo(200);
        assertThat(early.text("outcome")).isEqualTo("no_refund");
        assertThat(early.text("policy_version")).isEqualTo("2026-02-04");

        Api.Response published = api.post("/v1/policies", tenant.adminKey(), Map.of("document", FOURTEEN_DAYS));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        assertThat(published.text("version")).isEqualTo("2026-04-01");

        // the same facts, still before the new version takes effect: the old version answers
        assertThat(api.post("/v1/policies/tiered-usage/explain", tenant.supportKey(), facts("2026-03-12T10:00:00-07:00"))
                .text("policy_version")).isEqualTo("2026-02-04");
        Map<String, Object> later = facts("2026-04-02T10:00:00-07:00");
        later.put("purchased_at", "2026-03-25T10:00:00-07:00");
        Api.Response after = api.post("/v1/policies/tiered-usage/explain", tenant.supportKey(), later);
        assertThat(after.text("policy_version")).isEqualTo("2026-04-01");
        assertThat(after.text("outcome")).isEqualTo("partial_refund");
        assertThat(after.text("amount")).isEqualTo("22.43");
        assertThat(after.body().get("trace")).hasSize(2);

        // another tenant still has only the shipped version
        TestTenant other = tiered();
        assertThat(api.post("/v1/policies/tiered-usage/explain", other.supportKey(), later).text("policy_version"))
                .isEqualTo("2026-02-04");
    }

    @Test
    void aVersionThatBindsItsTermsAtPurchaseLetsEarlierPurchasesKeepTheirTerms() {
        TestTenant tenant = tiered();
        String bindsAtPurchase = FOURTEEN_DAYS.replace("review_sla_business_days: 2",
                "review_sla_business_days: 2\nterms: purchase_time");
        assertThat(api.post("/v1/policies", tenant.adminKey(), Map.of("document", bindsAtPurchase)).status())
                .isEqualTo(201);
        // bought under the February terms, asked after April 1: the February version answers
        Map<String, Object> oldPurchase = facts("2026-04-02T10:00:00-07:00");
        oldPurchase.put("purchased_at", "2026-03-30T10:00:00-07:00");
        assertThat(api.post("/v1/policies/tiered-usage/explain", tenant.supportKey(), oldPurchase)
                .text("policy_version")).isEqualTo("2026-02-04");
        Map<String, Object> newPurchase = facts("2026-04-05T10:00:00-07:00");
        newPurchase.put("purchased_at", "2026-04-02T10:00:00-07:00");
        assertThat(api.post("/v1/policies/tiered-usage/explain", tenant.supportKey(), newPurchase)
                .text("policy_version")).isEqualTo("2026-04-01");
    }

    @Test
    void anInvalidDocumentIs422NamingRuleAndLineAndChangesNothing() {
        TestTenant tenant = tiered();
        int before = api.get("/v1/policies", tenant.adminKey()).body().get("data").size();
        Api.Response invalid = api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                FOURTEEN_DAYS.replace("when: order.unused > 0", "when: order.unusd > 0")));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("problems").get(0).asString())
                .contains("rule 'proportional-refund'").contains("line 10").contains("unusd");
        // CEL's own words name protobuf types and internal operator names; the policy's words do not
        Api.Response mistyped = api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                FOURTEEN_DAYS.replace("when: order.unused > 0",
                        "when: timestamp('2026-01-01T00:00:00Z') > order.unused")));
        assertThat(mistyped.status()).isEqualTo(422);
        assertThat(mistyped.body().get("problems").get(0).asString())
                .contains("'>' cannot be applied to timestamp and int")
                .doesNotContain("google.protobuf").doesNotContain("_>_").doesNotContain("candidates");
        Api.Response uncited = api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                FOURTEEN_DAYS.replace("    cite: \"2. Consumed credits are non-refundable\"\n", "")));
        assertThat(uncited.status()).isEqualTo(422);
        assertThat(api.get("/v1/policies", tenant.adminKey()).body().get("data")).hasSize(before);
        assertThat(api.get("/v1/policies", tenant.adminKey()).text("active_policy")).isEqualTo("tiered-usage");
    }

    @Test
    void versionsAreImmutableAndOnlyAdminsPublish() {
        api = api.unvalidatedRequest(); // sends bad input on purpose
        TestTenant tenant = tiered();
        assertThat(api.post("/v1/policies", tenant.adminKey(), Map.of("document", FOURTEEN_DAYS)).status()).isEqualTo(201);
        assertThat(api.post("/v1/policies", tenant.adminKey(), Map.of("document", FOURTEEN_DAYS)).status()).isEqualTo(409);
        assertThat(api.post("/v1/policies", tenant.adminKey(), Map.of("document",
                FOURTEEN_DAYS.replace("version: \"2026-04-01\"", "version: \"2026-02-04\""))).status()).isEqualTo(409);
        assertThat(api.post("/v1/policies", tenant.supportKey(), Map.of("document", FOURTEEN_DAYS)).status()).isEqualTo(403);
        assertThat(api.post("/v1/policies", tenant.adminKey(), Map.of()).errorField()).isEqualTo("document");
    }

    @Test
    void aTenantCanPublishAndActivateItsOwnPolicy() {
        TestTenant tenant = tiered();
        Api.Response own = api.post("/v1/policies", tenant.adminKey(), Map.of("activate", true, "document",
                FOURTEEN_DAYS.replace("id: tiered-usage", "id: house-rules")));
        assertThat(own.status()).isEqualTo(201);
        assertThat(own.body().get("active").asBoolean()).isTrue();
        assertThat(api.get("/v1/policies", tenant.adminKey()).text("active_policy")).isEqualTo("house-rules");
        assertThat(api.post("/v1/policies/case-review/activate", tenant.adminKey(), null).text("active_policy"))
                .isEqualTo("case-review");
        // another tenant cannot choose a policy it did not publish
        TestTenant other = tiered();
        assertThat(api.post("/v1/policies/house-rules/activate", other.adminKey(), null).status()).isEqualTo(422);
        assertThat(api.get("/v1/policies/house-rules", other.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void factsMissingWhatThePolicyReadsAre422() {
        TestTenant tenant = tiered();
        Map<String, Object> facts = facts("2026-03-05T10:00:00-08:00");
        facts.put("order", Map.of("net", "29.90", "total", "29.90", "credits", 400, "used", 100));
        Api.Response response = api.post("/v1/policies/tiered-usage/explain", tenant.supportKey(), facts);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.text("detail")).contains("delivered");
    }
}
