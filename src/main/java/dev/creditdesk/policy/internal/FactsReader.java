package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Anchor;
import dev.creditdesk.policy.BusinessDays;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.InvalidFactException;
import dev.creditdesk.policy.UsageQuery;
import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.policy.UsageWindow;
import dev.creditdesk.policy.internal.FactSchema.FactType;
import dev.creditdesk.shared.Fields;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Facts written by hand, in a cases file or a facts file: a timezone, when the request was made,
 * the anchors (purchased, renewed, charged, subscription started, cancelled), the structs, and the
 * usage aggregates and plan prices a policy asks for. Money and ratios are
 * written as strings ("29.90") and read as decimals.
 */
public final class FactsReader {

    /** The times windows and usage counts are measured from, by the key a facts file gives them. */
    static final Map<String, Anchor> ANCHORS = Map.of("purchased_at", Anchor.PURCHASE, "renewed_at", Anchor.RENEWAL,
            "charged_at", Anchor.CHARGE, "subscription_started_at", Anchor.SUBSCRIPTION_START,
            "cancelled_at", Anchor.CANCELLATION);
    static final Set<String> TOP = top();
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,12}(\\.\\d{1,12})?");
    private static final long MAX_WHOLE = 1_000_000_000_000L;
    private static final int MAX_TEXT = 1_000;
    private static final int MAX_LIST = 100;
    private static final int MAX_HOLIDAYS = 1_000;

    private FactsReader() {
    }

    /** Reads facts; throws {@link InvalidFactException} naming the fact that is wrong. */
    public static Facts read(Map<String, Object> raw, String defaultTimezone) {
        return read(raw, defaultTimezone, null);
    }

    /**
     * As {@link #read(Map, String)}; business days are Monday to Friday except the facts'
     * {@code holidays} when they list them, else {@code defaultBusinessDays} (null: none known).
     */
    @SuppressWarnings("unchecked")
    public static Facts read(Map<String, Object> raw, String defaultTimezone, BusinessDays defaultBusinessDays) {
        for (String key : raw.keySet()) {
            if (!TOP.contains(key)) {
                throw new InvalidFactException(key, "is not a fact; facts have " + TOP.stream().sorted().toList());
            }
        }
        Object zoneValue = raw.get("timezone");
        if (zoneValue != null && !(zoneValue instanceof String)) {
            throw new InvalidFactException("timezone", "must be a timezone name such as America/New_York");
        }
        String timezone = zoneValue != null ? (String) zoneValue : defaultTimezone;
        if (timezone == null) {
            throw new InvalidFactException("timezone", "is required (the tenant's, e.g. America/New_York)");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new InvalidFactException("timezone", "is not a timezone name such as America/New_York");
        }
        Instant requestedAt = instant(raw, "requested_at", true);
        Facts.Builder builder = Facts.builder(zone, requestedAt);
        ANCHORS.forEach((key, anchor) -> builder.anchor(anchor, instant(raw, key, false)));
        builder.businessDays(raw.containsKey("holidays") ? holidays(raw.get("holidays")) : defaultBusinessDays);
        usage(raw.get("usage"), builder);
        planPrices(raw.get("plan_prices"), builder);
        for (String struct : Facts.STRUCTS) {
            Object fields = raw.get(struct);
            if (fields == null) {
                continue;
            }
            if (!(fields instanceof Map<?, ?> map)) {
                throw new InvalidFactException(struct, "must be a mapping of fields");
            }
            for (Map.Entry<String, Object> field : ((Map<String, Object>) map).entrySet()) {
                FactType type = FactSchema.STRUCTS.get(struct).get(field.getKey());
                if (type == null) {
                    throw new InvalidFactException(struct + "." + field.getKey(), "is not a fact; "
                            + struct + " has " + new TreeSet<>(FactSchema.STRUCTS.get(struct).keySet()));
                }
                builder.put(struct, field.getKey(), value(struct + "." + field.getKey(), type, field.getValue()));
            }
        }
        try {
            return builder.build();
        } catch (ArithmeticException e) {
            throw new InvalidFactException("order", "has numbers out of range: " + e.getMessage());
        }
    }

    private static Set<String> top() {
        Set<String> top = new TreeSet<>(Facts.STRUCTS);
        top.addAll(ANCHORS.keySet());
        top.addAll(List.of("timezone", "requested_at", "usage", "plan_prices", "holidays"));
        return Set.copyOf(top);
    }

    /**
     * {@code usage: {video: {renewal: 3, lifetime: {count: 10, quantity: "42.5"}}}}: by kind, then
     * window, a count (whose quantity is the count) or a count and a quantity.
     */
    private static void usage(Object value, Facts.Builder builder) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> kinds)) {
            throw new InvalidFactException("usage", "must map kinds to windows, e.g. {video: {renewal: 3}}");
        }
        kinds.forEach((kind, windows) -> {
            String name = "usage." + kind;
            if (!(kind instanceof String k) || !UsageQuery.KIND.matcher(k).matches()) {
                throw new InvalidFactException(name, "is not a usage kind (lower-case letters, digits, '_', '-', '.')");
            }
            if (!(windows instanceof Map<?, ?> byWindow)) {
                throw new InvalidFactException(name, "must map windows to counts, e.g. {renewal: 3}");
            }
            byWindow.forEach((window, total) -> {
                String field = name + "." + window;
                UsageWindow parsed = UsageWindow.fromWire(String.valueOf(window));
                if (parsed == null) {
                    throw new InvalidFactException(field, "is not a usage window: lifetime, "
                            + String.join(", ", Anchor.wireNames()) + " or a date such as 2026-01-01");
                }
                builder.usage(new UsageQuery(k, parsed), usageTotal(field, total));
            });
        });
    }

    private static UsageTotal usageTotal(String field, Object total) {
        if (total instanceof Integer || total instanceof Long) {
            long count = (Long) value(field, FactType.INT, total);
            return new UsageTotal(count, BigDecimal.valueOf(count));
        }
        if (total instanceof Map<?, ?> map && map.containsKey("count")
                && map.keySet().stream().allMatch(k -> "count".equals(k) || "quantity".equals(k))) {
            long count = (Long) value(field + ".count", FactType.INT, map.get("count"));
            BigDecimal quantity = map.containsKey("quantity")
                    ? (BigDecimal) value(field + ".quantity", FactType.DECIMAL, map.get("quantity"))
                    : BigDecimal.valueOf(count);
            return new UsageTotal(count, quantity);
        }
        throw new InvalidFactException(field, "must be a count, or {count: 3, quantity: \"12.5\"}");
    }

    /** {@code holidays: [2026-05-25, …]}: the tenant's holidays; Saturdays and Sundays are never business days. */
    private static BusinessDays holidays(Object value) {
        if (!(value instanceof List<?> list) || list.size() > MAX_HOLIDAYS) {
            throw new InvalidFactException("holidays", "must be a list of at most " + MAX_HOLIDAYS
                    + " dates such as 2026-05-25");
        }
        Set<LocalDate> dates = new HashSet<>();
        for (Object item : list) {
            try {
                dates.add(item instanceof java.util.Date date ? date.toInstant().atZone(ZoneOffset.UTC).toLocalDate()
                        : LocalDate.parse(String.valueOf(item)));
            } catch (DateTimeParseException e) {
                throw new InvalidFactException("holidays", "must list dates such as 2026-05-25; not '" + item + "'");
            }
        }
        return BusinessDays.weekdaysExcept(dates);
    }

    /** {@code plan_prices: {pro-monthly: "9.99"}}: the catalog prices a policy reads. */
    private static void planPrices(Object value, Facts.Builder builder) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> prices)) {
            throw new InvalidFactException("plan_prices", "must map plan ids to prices, e.g. {pro-monthly: \"9.99\"}");
        }
        prices.forEach((plan, price) -> builder.planPrice(String.valueOf(plan),
                (BigDecimal) value("plan_prices." + plan, FactType.DECIMAL, price)));
    }

    /** The value as the schema's type wants it; money and ratios as bounded decimals. */
    private static Object value(String name, FactType type, Object value) {
        if (value == null) {
            throw new InvalidFactException(name, "must not be null; leave the fact out instead");
        }
        switch (type) {
            case DECIMAL:
                if (value instanceof Double || value instanceof Float) {
                    throw new InvalidFactException(name, "is money or a ratio: write it as a string, \"29.90\"");
                }
                if (value instanceof Integer || value instanceof Long) {
                    return decimal(name, value.toString());
                }
                if (value instanceof String text) {
                    return decimal(name, text);
                }
                throw new InvalidFactException(name, "must be a decimal such as \"29.90\"");
            case INT:
                if (value instanceof Integer || value instanceof Long) {
                    long number = ((Number) value).longValue();
                    if (Math.abs(number) > MAX_WHOLE) {
                        throw new InvalidFactException(name, "must be between -" + MAX_WHOLE + " and " + MAX_WHOLE);
                    }
                    return number;
                }
                throw new InvalidFactException(name, "must be a whole number");
            case BOOL:
                if (value instanceof Boolean) {
                    return value;
                }
                throw new InvalidFactException(name, "must be true or false");
            case STRING:
                if (value instanceof String text && text.length() <= MAX_TEXT) {
                    return text;
                }
                throw new InvalidFactException(name, "must be text of at most " + MAX_TEXT + " characters");
            case STRING_LIST:
                if (value instanceof List<?> list && list.size() <= MAX_LIST
                        && list.stream().allMatch(e -> e instanceof String || e instanceof Number || e instanceof Boolean)) {
                    return list.stream().map(Object::toString).toList();
                }
                throw new InvalidFactException(name, "must be a list of at most " + MAX_LIST + " names");
            default:
                throw new AssertionError(type);
        }
    }

    private static BigDecimal decimal(String name, String text) {
        if (!DECIMAL.matcher(text.trim()).matches()) {
            throw new InvalidFactException(name, "must be a decimal such as \"29.90\" (at most 12 digits before "
                    + "the point and 12 after)");
        }
        return new BigDecimal(text.trim());
    }

    private static Instant instant(Map<String, Object> raw, String key, boolean required) {
        Object value = raw.get(key);
        if (value == null) {
            if (required) {
                throw new InvalidFactException(key, "is required");
            }
            return null;
        }
        Instant time;
        if (value instanceof java.util.Date date) {
            time = date.toInstant();
        } else if (value instanceof String text) {
            try {
                time = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidFactException(key, "must be an RFC 3339 time such as 2026-03-02T10:00:00-05:00");
            }
        } else {
            throw new InvalidFactException(key, "must be an RFC 3339 time such as 2026-03-02T10:00:00-05:00");
        }
        if (!Fields.withinTimeBounds(time)) {
            throw new InvalidFactException(key, "must be between " + Fields.EARLIEST_TIME + " and " + Fields.LATEST_TIME);
        }
        return time;
    }
}
