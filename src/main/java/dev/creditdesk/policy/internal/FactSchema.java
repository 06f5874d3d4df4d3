package dev.creditdesk.policy.internal;

import static dev.creditdesk.policy.internal.FactSchema.FactType.BOOL;
import static dev.creditdesk.policy.internal.FactSchema.FactType.DECIMAL;
import static dev.creditdesk.policy.internal.FactSchema.FactType.INT;
import static dev.creditdesk.policy.internal.FactSchema.FactType.STRING;
import static dev.creditdesk.policy.internal.FactSchema.FactType.STRING_LIST;
import static java.util.Map.entry;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The facts a refund policy reads: six variables, each a CEL struct type, so that the checker
 * rejects a misspelt field when the policy is loaded. Adding a fact is one line in
 * {@link #STRUCTS}, and one where the facts are gathered (refunds' RequestFacts).
 *
 * <p>The struct types exist for the checker only: at run time each variable is a plain map,
 * which CEL's field selection reads by key.
 */
final class FactSchema {

    /** Variable name → field name → type. Field names are snake_case, as authors write them. */
    static final Map<String, Map<String, FactType>> STRUCTS = new TreeMap<>(Map.of(
            "request", Map.ofEntries(
                    entry("days_since_purchase", INT),
                    entry("hours_since_purchase", INT),
                    entry("exact_hours_since_purchase", DECIMAL),
                    entry("days_since_renewal", INT),
                    entry("days_since_charge", INT),
                    entry("category", STRING),
                    entry("evidence", STRING_LIST),
                    entry("has_task", BOOL),
                    entry("task_failed", BOOL),
                    entry("credits_consumed_by_task", INT),
                    entry("channel", STRING)),
            "order", Map.ofEntries(
                    entry("net", DECIMAL),
                    entry("tax", DECIMAL),
                    entry("fee", DECIMAL),
                    entry("total", DECIMAL),
                    entry("currency", STRING),
                    entry("credits", INT),
                    entry("bonus_credits", INT),
                    entry("used", INT),
                    entry("held", INT),
                    entry("unused", INT),
                    entry("used_ratio", DECIMAL),
                    entry("delivered", BOOL),
                    entry("duplicate_charges", INT),
                    entry("refunded", DECIMAL),
                    entry("duplicate_amount", DECIMAL),
                    entry("bonus_unused", INT),
                    entry("refundable", DECIMAL),
                    entry("kind", STRING),
                    entry("plan", STRING),
                    entry("is_first_purchase", BOOL),
                    entry("is_subscription", BOOL),
                    entry("channel", STRING),
                    entry("provider", STRING)),
            "subscription", Map.ofEntries(
                    entry("interval", STRING),
                    entry("status", STRING),
                    entry("period", INT),
                    entry("is_renewal", BOOL),
                    entry("cancel_at_period_end", BOOL),
                    entry("cancelled", BOOL),
                    entry("months_elapsed", INT),
                    entry("months_left", INT)),
            "account", Map.ofEntries(
                    entry("country", STRING),
                    entry("orders", INT),
                    entry("lifetime_used", INT),
                    entry("lifetime_refunds", INT),
                    entry("active_subscription", BOOL),
                    entry("disputes", INT)),
            "outage", Map.ofEntries(
                    entry("longest_hours", DECIMAL),
                    entry("total_hours", DECIMAL)),
            "dispute", Map.ofEntries(
                    entry("open", BOOL),
                    entry("opened_before_request", BOOL),
                    entry("status", STRING))));

    /** The CEL struct type of each variable, named {@code creditdesk.<Variable>}. */
    static final Map<String, StructType> TYPES = structTypes();

    /** Lets the checker find the struct types by name (it resolves field types through them). */
    static final CelTypeProvider TYPE_PROVIDER = new CelTypeProvider() {
        private final Map<String, CelType> byName = byName();

        @Override
        public ImmutableList<CelType> types() {
            return ImmutableList.copyOf(byName.values());
        }

        @Override
        public Optional<CelType> findType(String name) {
            return Optional.ofNullable(byName.get(name));
        }
    };

    private FactSchema() {
    }

    /** The types a fact can have, with the Java value CEL expects for each. */
    enum FactType {
        INT(SimpleType.INT, "int"),
        DECIMAL(DecimalFunctions.DECIMAL, "decimal"),
        BOOL(SimpleType.BOOL, "bool"),
        STRING(SimpleType.STRING, "string"),
        STRING_LIST(ListType.create(SimpleType.STRING), "list(string)");

        final CelType celType;
        final String displayName;

        FactType(CelType celType, String displayName) {
            this.celType = celType;
            this.displayName = displayName;
        }

        /** The value as CEL wants it (int as Long, decimal as Decimal), or null if it does not fit. */
        Object normalize(Object value) {
            switch (this) {
                case INT:
                    return value instanceof Long || value instanceof Integer
                            ? ((Number) value).longValue() : null;
                case DECIMAL:
                    // No Double or Float: money never passes through binary floating point.
                    if (value instanceof Decimal) {
                        return value;
                    }
                    if (value instanceof BigDecimal number) {
                        return new Decimal(number);
                    }
                    return value instanceof Long || value instanceof Integer
                            ? Decimal.of(((Number) value).longValue()) : null;
                case BOOL:
                    return value instanceof Boolean ? value : null;
                case STRING:
                    return value instanceof String ? value : null;
                case STRING_LIST:
                    return value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)
                            ? List.copyOf(list) : null;
                default:
                    throw new AssertionError(this);
            }
        }
    }

    private static Map<String, StructType> structTypes() {
        Map<String, StructType> types = new TreeMap<>();
        STRUCTS.forEach((variable, fields) -> types.put(variable, StructType.create(
                "creditdesk." + Character.toUpperCase(variable.charAt(0)) + variable.substring(1),
                ImmutableSet.copyOf(new TreeSet<>(fields.keySet())),
                field -> Optional.ofNullable(fields.get(field)).map(type -> type.celType))));
        return Map.copyOf(types);
    }

    private static Map<String, CelType> byName() {
        Map<String, CelType> byName = new TreeMap<>();
        TYPES.values().forEach(type -> byName.put(type.name(), type));
        return byName;
    }
}
