package dev.creditdesk.policy.internal;

import java.util.Map;

/**
 * What a policy knows about one refund request: the five structs of {@link FactSchema}, each a
 * map from snake_case field name to value. Ints may be given as Integer or Long, decimals as
 * BigDecimal, Decimal or an integer (never Double), strings as String, lists as List of String.
 * Every declared field must be present and no other: the constructor checks this and keeps
 * immutable, normalized copies, so a wrong fact fails here rather than inside a policy.
 */
public record CelFacts(
        Map<String, Object> request,
        Map<String, Object> order,
        Map<String, Object> account,
        Map<String, Object> outage,
        Map<String, Object> dispute) {

    public CelFacts {
        request = FactSchema.normalize("request", request);
        order = FactSchema.normalize("order", order);
        account = FactSchema.normalize("account", account);
        outage = FactSchema.normalize("outage", outage);
        dispute = FactSchema.normalize("dispute", dispute);
    }

    /** The variables of a CEL evaluation. */
    Map<String, Object> variables() {
        return Map.of("request", request, "order", order, "account", account, "outage", outage,
                "dispute", dispute);
    }
}
