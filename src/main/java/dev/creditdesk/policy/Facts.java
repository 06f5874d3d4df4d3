package dev.creditdesk.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a policy may read about one refund request, as the structs its expressions see:
 * {@code request}, {@code order}, {@code subscription}, {@code account}, {@code outage},
 * {@code dispute} (see docs/policies.md for every field), the moments windows count from
 * ({@link Anchor}), and the usage aggregates and catalog prices the policy asked for
 * ({@link PolicyNeeds}). Values are Long, Boolean, String, List of String, or BigDecimal for money
 * and ratios, never double. A field left out stays out: an expression that reads it fails and says
 * which one, rather than deciding on a made-up zero.
 */
public final class Facts {

    /** The structs a policy reads, by variable name. */
    public static final List<String> STRUCTS = List.of("request", "order", "subscription", "account", "outage",
            "dispute");

    private final ZoneId zone;
    private final Instant requestedAt;
    private final Map<Anchor, Instant> anchors;
    private final Map<String, Map<String, Object>> structs;
    private final Map<UsageQuery, UsageTotal> usage;
    private final Map<String, BigDecimal> planPrices;
    private final BusinessDays businessDays;
    /** What the expression engine made of these facts; made once, since every rule tried reads them. */
    private volatile Object prepared;

    private Facts(ZoneId zone, Instant requestedAt, Map<Anchor, Instant> anchors,
            Map<String, Map<String, Object>> structs, Map<UsageQuery, UsageTotal> usage,
            Map<String, BigDecimal> planPrices, BusinessDays businessDays) {
        this.zone = zone;
        this.businessDays = businessDays;
        this.requestedAt = requestedAt;
        this.anchors = anchors;
        this.structs = structs;
        this.usage = usage;
        this.planPrices = planPrices;
    }

    public static Builder builder(ZoneId zone, Instant requestedAt) {
        return new Builder(zone, requestedAt);
    }

    public Map<String, Object> struct(String name) {
        return structs.getOrDefault(name, Map.of());
    }

    public Map<String, Map<String, Object>> structs() {
        return structs;
    }

    /** The engine's own view of these facts, made on first use and kept (facts never change). */
    @SuppressWarnings("unchecked")
    public <T> T prepared(java.util.function.Function<Facts, T> prepare) {
        Object view = prepared;
        if (view == null) {
            view = prepare.apply(this);
            prepared = view;
        }
        return (T) view;
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    /** When the purchase was made, if the facts say. */
    public Optional<Instant> purchasedAt() {
        return Optional.ofNullable(anchors.get(Anchor.PURCHASE));
    }

    /** When {@code anchor} happened, falling back to the purchase where {@link Anchor} says so. */
    public Optional<Instant> anchor(Anchor anchor) {
        return Optional.ofNullable(anchorTime(anchors, anchor));
    }

    /** The times the facts were given, by anchor (no fallbacks). */
    public Map<Anchor, Instant> anchors() {
        return anchors;
    }

    /** The usage aggregate the policy asked for; empty when the facts were gathered without it. */
    public Optional<UsageTotal> usage(UsageQuery query) {
        return Optional.ofNullable(usage.get(query));
    }

    public Map<UsageQuery, UsageTotal> usage() {
        return usage;
    }

    /** The catalog price of {@code plan}, when the policy asked for it and the plan exists. */
    public Optional<BigDecimal> planPrice(String plan) {
        return Optional.ofNullable(planPrices.get(plan));
    }

    public Map<String, BigDecimal> planPrices() {
        return planPrices;
    }

    /**
     * Whether the request falls in the window: never when it was made before the moment the window
     * counts from, nor when that moment did not happen (a cancellation that has not happened). N
     * hours close exactly N hours after that moment, to the instant; N calendar days at the end of
     * the Nth calendar day after its date, in the tenant's timezone; N business days at the end of
     * the Nth business day after its date.
     */
    public boolean withinWindow(Policy.RequestWindow window) {
        Instant from = anchorTime(anchors, window.from());
        if (from == null) {
            if (!window.from().fallsBackToPurchase()) {
                return false;
            }
            throw new IllegalStateException("the facts have no purchase time to measure the request window from");
        }
        if (requestedAt.isBefore(from)) {
            return false;
        }
        return switch (window.unit()) {
            case HOURS -> !requestedAt.isAfter(from.plus(Duration.ofHours(window.amount())));
            case CALENDAR_DAYS -> calendarDays(from, requestedAt, zone) <= window.amount();
            case BUSINESS_DAYS -> businessDaysOrFail().within(from.atZone(zone).toLocalDate(), window.amount(),
                    requestedAt.atZone(zone).toLocalDate());
        };
    }

    /** The tenant's business days, when the facts were given them. */
    public Optional<BusinessDays> businessDays() {
        return Optional.ofNullable(businessDays);
    }

    private BusinessDays businessDaysOrFail() {
        if (businessDays == null) {
            throw new IllegalStateException("a business-day window needs the tenant's holiday calendar, and these "
                    + "facts have none (policy test/explain: --holiday-country XX, or holidays: [...] in the facts)");
        }
        return businessDays;
    }

    /** What is left of the order's payment once earlier refunds and the non-refundable parts are taken out. */
    public BigDecimal refundable(Set<String> nonRefundable) {
        Map<String, Object> order = struct("order");
        BigDecimal left = decimal(order.get("total")).subtract(decimal(order.getOrDefault("refunded", BigDecimal.ZERO)));
        if (nonRefundable.contains("tax")) {
            left = left.subtract(decimal(order.getOrDefault("tax", BigDecimal.ZERO)));
        }
        if (nonRefundable.contains("fee")) {
            left = left.subtract(decimal(order.getOrDefault("fee", BigDecimal.ZERO)));
        }
        return left.max(BigDecimal.ZERO);
    }

    public BigDecimal duplicateAmount() {
        return decimal(struct("order").getOrDefault("duplicate_amount", BigDecimal.ZERO));
    }

    /** The order's credits still in the account: unused purchased credits and unused bonus credits. */
    public long remainingCredits() {
        Map<String, Object> order = struct("order");
        return unusedPaidCredits() + ((Number) order.getOrDefault("bonus_unused", 0L)).longValue();
    }

    public long unusedPaidCredits() {
        return ((Number) struct("order").getOrDefault("unused", 0L)).longValue();
    }

    public static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof String s) {
            return new BigDecimal(s);
        }
        throw new IllegalArgumentException("not a decimal: " + value);
    }

    private static Instant anchorTime(Map<Anchor, Instant> anchors, Anchor anchor) {
        Instant at = anchors.get(anchor);
        return at == null && anchor.fallsBackToPurchase() ? anchors.get(Anchor.PURCHASE) : at;
    }

    /** Calendar days from one instant's date to another's, in {@code zone}. */
    public static long calendarDays(Instant from, Instant to, ZoneId zone) {
        return ChronoUnit.DAYS.between(from.atZone(zone).toLocalDate(), to.atZone(zone).toLocalDate());
    }

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /** Hours as a decimal, exact to the nanosecond (a whole number of hours has no fraction). */
    static BigDecimal exactHours(Duration duration) {
        BigDecimal hours = new BigDecimal(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .divide(SECONDS_PER_HOUR, MathContext.DECIMAL128).stripTrailingZeros();
        return hours.scale() < 0 ? hours.setScale(0) : hours;
    }

    /** Collects the structs and derives what can be derived (days since purchase, unused credits, used ratio). */
    public static final class Builder {
        private final ZoneId zone;
        private final Instant requestedAt;
        private final Map<Anchor, Instant> anchors = new EnumMap<>(Anchor.class);
        private final Map<String, Map<String, Object>> structs = new LinkedHashMap<>();
        private final Map<UsageQuery, UsageTotal> usage = new LinkedHashMap<>();
        private final Map<String, BigDecimal> planPrices = new LinkedHashMap<>();
        private BusinessDays businessDays;

        private Builder(ZoneId zone, Instant requestedAt) {
            this.zone = zone;
            this.requestedAt = requestedAt;
            for (String name : STRUCTS) {
                structs.put(name, new LinkedHashMap<>());
            }
        }

        public Builder put(String struct, String field, Object value) {
            if (value != null) {
                structs.get(struct).put(field, value instanceof Integer i ? Long.valueOf(i) : value);
            }
            return this;
        }

        /** A moment windows and usage counts may be measured from (null: it did not happen). */
        public Builder anchor(Anchor anchor, Instant at) {
            if (at != null) {
                anchors.put(anchor, at);
            }
            return this;
        }

        /** The tenant's business days, which business-day windows count (null: none known). */
        public Builder businessDays(BusinessDays days) {
            this.businessDays = days;
            return this;
        }

        public Builder usage(UsageQuery query, UsageTotal total) {
            usage.put(query, total);
            return this;
        }

        public Builder planPrice(String plan, BigDecimal price) {
            planPrices.put(plan, price);
            return this;
        }

        /**
         * Where a usage aggregate over {@code window} starts, given the anchors set so far: null
         * for the lifetime (no lower bound); the request itself for a cancellation that has not
         * happened (nothing counts); a date's start in the tenant's timezone.
         */
        public Instant usageFrom(UsageWindow window) {
            if (window instanceof UsageWindow.Since since) {
                Instant at = anchorTime(anchors, since.anchor());
                return at == null ? requestedAt : at;
            }
            if (window instanceof UsageWindow.SinceDate date) {
                return date.date().atStartOfDay(zone).toInstant();
            }
            return null;
        }

        public Facts build() {
            Map<String, Object> request = structs.get("request");
            Map<String, Object> order = structs.get("order");
            derive(request, Anchor.PURCHASE, "days_since_purchase", "hours_since_purchase");
            derive(request, Anchor.RENEWAL, "days_since_renewal", null);
            derive(request, Anchor.CHARGE, "days_since_charge", null);
            if (order.containsKey("credits") && order.containsKey("used")) {
                long credits = ((Number) order.get("credits")).longValue();
                long used = ((Number) order.get("used")).longValue();
                long held = ((Number) order.getOrDefault("held", 0L)).longValue();
                order.putIfAbsent("held", held);
                order.putIfAbsent("unused", Math.max(0, credits - used - held));
                order.putIfAbsent("used_ratio", credits == 0 ? BigDecimal.ZERO
                        : BigDecimal.valueOf(used + held).divide(BigDecimal.valueOf(credits), MathContext.DECIMAL128));
            }
            if (order.containsKey("total")) {
                BigDecimal refunded = decimal(order.getOrDefault("refunded", BigDecimal.ZERO));
                order.putIfAbsent("refunded", refunded);
                order.putIfAbsent("refundable", decimal(order.get("total")).subtract(refunded).max(BigDecimal.ZERO));
            }
            Map<String, Map<String, Object>> frozen = new LinkedHashMap<>();
            structs.forEach((name, fields) -> frozen.put(name, Collections.unmodifiableMap(fields)));
            return new Facts(zone, requestedAt, Collections.unmodifiableMap(new EnumMap<>(anchors)),
                    Collections.unmodifiableMap(frozen), Map.copyOf(usage), Map.copyOf(planPrices), businessDays);
        }

        private void derive(Map<String, Object> request, Anchor anchor, String daysField, String hoursField) {
            Instant at = anchors.get(anchor);
            if (at == null) {
                return;
            }
            request.putIfAbsent(daysField, calendarDays(at, requestedAt, zone));
            if (hoursField != null) {
                Duration since = Duration.between(at, requestedAt);
                request.putIfAbsent(hoursField, since.toHours());
                // hours_since_purchase is floored (48:59 is 48); this one is exact, for "within 48 hours"
                request.putIfAbsent("exact_hours_since_purchase", exactHours(since));
            }
        }
    }
}
