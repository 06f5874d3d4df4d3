package dev.creditdesk.policy;

import java.util.Set;

/**
 * The facts beyond the fixed structs that a policy version reads, found when it loads: the usage
 * aggregates ({@code usage.count(kind, window)}, {@code usage.quantity(kind, window)}) and the
 * catalog prices ({@code catalog.price(plan)}). Whoever gathers the facts fetches exactly these.
 */
public record PolicyNeeds(Set<UsageQuery> usage, Set<String> planPrices) {

    public static final PolicyNeeds NONE = new PolicyNeeds(Set.of(), Set.of());

    public PolicyNeeds {
        usage = Set.copyOf(usage);
        planPrices = Set.copyOf(planPrices);
    }
}
