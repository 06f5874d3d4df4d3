package dev.creditdesk.shared;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One business gauge with a row per tenant (and per further tags), set from a snapshot that a
 * module's metrics job reads with one grouped query every refresh interval: a scrape reads numbers
 * in memory and never queries the database. A row that was in an earlier snapshot and is missing
 * from the new one (the tenant's backlog emptied) reads 0 rather than vanishing.
 */
public final class TenantGauges {

    /** The tag every business metric carries: the tenant's id. */
    public static final String TENANT = "tenant";

    private final MultiGauge gauge;
    private final Set<Tags> seen = new HashSet<>();

    public TenantGauges(MeterRegistry registry, String name, String description) {
        this.gauge = MultiGauge.builder(name).description(description).register(registry);
    }

    /** Replaces every row with {@code values} (tags to value); rows seen before and absent now read 0. */
    public synchronized void update(Map<Tags, ? extends Number> values) {
        Map<Tags, Number> rows = new LinkedHashMap<>();
        seen.forEach(tags -> rows.put(tags, 0));
        rows.putAll(values);
        seen.addAll(values.keySet());
        List<MultiGauge.Row<?>> list = new ArrayList<>();
        rows.forEach((tags, value) -> list.add(MultiGauge.Row.of(tags, value)));
        gauge.register(list, true);
    }
}
