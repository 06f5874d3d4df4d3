package dev.creditdesk.policy.internal;

import java.util.Map;
import java.util.Optional;

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

    /**
     * The variables of a CEL evaluation. A resolver rather than a map: CEL copies a map of
     * variables into an immutable one on every evaluation, which costs more than the condition.
     */
    Optional<Object> find(String variable) {
        switch (variable) {
            case "request":
                return Optional.of(request);
            case "order":
                return Optional.of(order);
            case "account":
                return Optional.of(account);
            case "outage":
                return Optional.of(outage);
            case "dispute":
                return Optional.of(dispute);
            default:
                return Optional.empty();
        }
    }
}
