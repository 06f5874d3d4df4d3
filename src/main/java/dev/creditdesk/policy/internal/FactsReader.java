package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Facts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts written by hand, in a cases file or a facts file: a timezone, when the request was made,
 * when the order was bought (renewed, charged), and the five structs. Money and ratios are
 * written as strings ("29.90") and read as decimals.
 */
public final class FactsReader {

    static final Set<String> STRUCTS = Set.of("request", "order", "account", "outage", "dispute");
    static final Set<String> TOP = Set.of("timezone", "requested_at", "purchased_at", "renewed_at", "charged_at",
            "request", "order", "account", "outage", "dispute");
    private static final Set<String> DECIMALS = Set.of("net", "tax", "fee", "total", "refunded", "refundable",
            "duplicate_amount", "used_ratio", "longest_hours", "total_hours");

    private FactsReader() {
    }

    /** Reads facts; throws IllegalArgumentException naming the field that is wrong. */
    @SuppressWarnings("unchecked")
    public static Facts read(Map<String, Object> raw, String defaultTimezone) {
        for (String key : raw.keySet()) {
            if (!TOP.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; facts have " + TOP.stream().sorted().toList());
            }
        }
        String timezone = raw.get("timezone") != null ? raw.get("timezone").toString() : defaultTimezone;
        if (timezone == null) {
            throw new IllegalArgumentException("timezone is required (the tenant's, e.g. America/New_York)");
        }
        Instant requestedAt = instant(raw, "requested_at", true);
        Facts.Builder builder = Facts.builder(ZoneId.of(timezone), requestedAt)
                .anchor("purchase", instant(raw, "purchased_at", false))
                .anchor("renewal", instant(raw, "renewed_at", false))
                .anchor("charge", instant(raw, "charged_at", false));
        for (String struct : STRUCTS) {
            Object fields = raw.get(struct);
            if (fields == null) {
                continue;
            }
            if (!(fields instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(struct + " must be a mapping of fields");
            }
            for (Map.Entry<String, Object> field : ((Map<String, Object>) map).entrySet()) {
                if (!FactSchema.STRUCTS.get(struct).containsKey(field.getKey())) {
                    throw new IllegalArgumentException("unknown fact " + struct + "." + field.getKey() + "; "
                            + struct + " has " + FactSchema.STRUCTS.get(struct).keySet());
                }
                builder.put(struct, field.getKey(), value(struct + "." + field.getKey(), field.getValue()));
            }
        }
        return builder.build();
    }

    private static Object value(String name, Object value) {
        String field = name.substring(name.indexOf('.') + 1);
        if (DECIMALS.contains(field)) {
            if (value instanceof Double || value instanceof Float) {
                throw new IllegalArgumentException(name + " is money or a ratio: write it as a string, \"29.90\"");
            }
            try {
                return new BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a decimal such as \"29.90\"");
            }
        }
        if (value instanceof Integer i) {
            return (long) i;
        }
        if (value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException(name + " must be a whole number or text, not a fraction");
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return value;
    }

    private static Instant instant(Map<String, Object> raw, String key, boolean required) {
        Object value = raw.get(key);
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException(key + " is required");
            }
            return null;
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an RFC 3339 time such as 2026-03-02T10:00:00-05:00");
        }
    }
}
