package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Anchor;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.UsageTotal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Facts written back in the shape of a facts file (what {@link FactsReader} reads): timezone,
 * requested_at, the anchors, the structs, usage and plan_prices. Money and ratios are strings, times
 * RFC 3339 in UTC. Fields the reader derives again (days and hours since an anchor, the used ratio,
 * what is refundable) are left out when it derives the same value, so that a snapshot reads back
 * into the very facts it was written from.
 */
public final class FactsWriter {

    private static final Map<String, List<String>> DERIVED = Map.of(
            "request", List.of("days_since_purchase", "hours_since_purchase", "exact_hours_since_purchase",
                    "days_since_renewal", "days_since_charge"),
            "order", List.of("used_ratio", "refundable"));

    private FactsWriter() {
    }

    /** The facts as a facts file's JSON object (values are String, Long, Boolean, List or nested maps). */
    public static Map<String, Object> write(Facts facts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timezone", facts.zone().getId());
        out.put("requested_at", facts.requestedAt().toString());
        new TreeMap<>(FactsReader.ANCHORS).forEach((key, anchor) -> {
            Instant at = facts.anchors().get(anchor);
            if (at != null) {
                out.put(key, at.toString());
            }
        });
        for (String struct : Facts.STRUCTS) {
            Map<String, Object> fields = new TreeMap<>();
            facts.struct(struct).forEach((name, value) -> {
                if (!DERIVED.getOrDefault(struct, List.of()).contains(name)) {
                    fields.put(name, json(value));
                }
            });
            if (!fields.isEmpty()) {
                out.put(struct, fields);
            }
        }
        if (!facts.usage().isEmpty()) {
            Map<String, Map<String, Object>> usage = new TreeMap<>();
            facts.usage().forEach((query, total) -> usage.computeIfAbsent(query.kind(), k -> new TreeMap<>())
                    .put(query.window().wireName(), usage(total)));
            out.put("usage", usage);
        }
        if (!facts.planPrices().isEmpty()) {
            Map<String, Object> prices = new TreeMap<>();
            facts.planPrices().forEach((plan, price) -> prices.put(plan, price.toPlainString()));
            out.put("plan_prices", prices);
        }
        keepDerivedThatDiffer(facts, out);
        return out;
    }

    private static Map<String, Object> usage(UsageTotal total) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("count", total.count());
        written.put("quantity", total.quantity().toPlainString());
        return written;
    }

    /**
     * A derived field given explicitly with another value than the reader would derive is written as
     * given; so is every derived field when the facts do not read back (a fact beyond the reader's bounds).
     */
    @SuppressWarnings("unchecked")
    private static void keepDerivedThatDiffer(Facts facts, Map<String, Object> out) {
        Facts reread = readBack(facts, out);
        DERIVED.forEach((struct, names) -> {
            for (String name : names) {
                Object original = facts.struct(struct).get(name);
                if (original != null && !same(original, reread.struct(struct).get(name))) {
                    ((Map<String, Object>) out.computeIfAbsent(struct, k -> new TreeMap<>())).put(name, json(original));
                }
            }
        });
    }

    private static Facts readBack(Facts facts, Map<String, Object> written) {
        try {
            return FactsReader.read(written, null);
        } catch (RuntimeException e) {
            return Facts.builder(facts.zone(), facts.requestedAt()).build();
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static Object json(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value;
    }
}
