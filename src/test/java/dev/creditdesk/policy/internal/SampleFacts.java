package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Facts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Facts of a plausible request (29.90 for 400 credits, 40 used, 2 days ago), changed field by field. */
final class SampleFacts {

    private final Map<String, Map<String, Object>> structs = new HashMap<>();

    SampleFacts() {
        structs.put("request", new HashMap<>(Map.of(
                "days_since_purchase", 2L, "hours_since_purchase", 50L, "days_since_renewal", 2L,
                "days_since_charge", 2L, "category", "not_satisfied", "evidence", List.of(),
                "has_task", false, "task_failed", false, "credits_consumed_by_task", 0L,
                "channel", "web")));
        Map<String, Object> order = new HashMap<>();
        order.putAll(Map.of("net", new BigDecimal("29.90"), "tax", new BigDecimal("0.00"),
                "fee", new BigDecimal("0.00"), "total", new BigDecimal("29.90"), "currency", "EUR",
                "credits", 400L, "bonus_credits", 0L, "used", 40L, "held", 0L, "unused", 360L));
        order.putAll(Map.of("used_ratio", new BigDecimal("0.1"), "delivered", true, "duplicate_charges", 0L,
                "refunded", new BigDecimal("0.00"), "refundable", new BigDecimal("29.90"), "kind", "package",
                "plan", "starter", "is_first_purchase", true, "is_subscription", false));
        order.putAll(Map.of("duplicate_amount", new BigDecimal("0.00"), "bonus_unused", 0L));
        structs.put("order", order);
        structs.put("account", new HashMap<>(Map.of("orders", 1L, "lifetime_used", 40L,
                "lifetime_refunds", 0L, "active_subscription", false, "disputes", 0L)));
        structs.put("outage", new HashMap<>(Map.of("longest_hours", BigDecimal.ZERO, "total_hours", BigDecimal.ZERO)));
        structs.put("dispute", new HashMap<>(Map.of("open", false, "opened_before_request", false, "status", "none")));
    }

    /** Sets {@code path} such as {@code "order.used"} to {@code value}. */
    SampleFacts with(String path, Object value) {
        String[] parts = path.split("\\.", 2);
        structs.get(parts[0]).put(parts[1], value);
        return this;
    }

    Facts build() {
        Facts.Builder builder = Facts.builder(ZoneOffset.UTC, Instant.parse("2026-03-03T10:00:00Z"));
        structs.forEach((struct, fields) -> fields.forEach((field, value) -> builder.put(struct, field, value)));
        return builder.build();
    }
}
