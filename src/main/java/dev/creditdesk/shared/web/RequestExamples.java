package dev.creditdesk.shared.web;

import io.swagger.v3.oas.models.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An example body for the requests an integrator sends first (what README's quick start sends). */
final class RequestExamples {

    private static final String ACCOUNT = "019cadc6-9a80-75e1-92d7-d0c2e808442b";

    private static final Map<String, Map<String, Object>> EXAMPLES = Map.of(
            "createTenant", ordered("name", "Acme Render", "settings", ordered("timezone", "America/New_York",
                    "holiday_country", "US", "currency", "USD", "support_email", "support@acme.example"),
                    "policy", "tiered-usage"),
            "createApiKey", ordered("role", "support"),
            "createAccount", ordered("external_id", "user-1", "email", "ada@example.com"),
            "grantCredits", ordered("account_id", ACCOUNT, "credits", 100, "source", "promotional",
                    "reason", "welcome bonus"),
            "createTask", ordered("account_id", ACCOUNT, "credits", 30, "ttl_seconds", 900, "external_id",
                    "render-42"),
            "completeTask", ordered("credits", 20),
            "createOrder", ordered("account_id", ACCOUNT, "order_number", "A-1001", "credits", 400,
                    "currency", "USD", "net", "29.90", "total", "29.90", "purchased_at", "2026-03-01T10:00:00Z",
                    "charge", ordered("provider", "stripe", "transaction_id", "pi_3MtwBwLkdIwHu7ix28a3tqPa")),
            "createRefundRequest", ordered("email", "ada@example.com", "order_number", "A-1001",
                    "purchase_date", "2026-03-01", "category", "change_of_mind",
                    "reason", "I bought the wrong package"),
            "decideRefundRequest", ordered("decision", "approve", "remedies",
                    List.of(ordered("type", "refund", "amount", "29.90")), "note", "within the 14-day window"),
            "provideRefundRequestInformation", ordered("information", "The police report is attached",
                    "evidence_kinds", List.of("police_report")));

    private RequestExamples() {
    }

    static void add(Operation operation) {
        Map<String, Object> example = EXAMPLES.get(operation.getOperationId());
        if (example != null && operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.setExample(example));
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
