package dev.creditdesk.policy;

import java.math.BigDecimal;

/** A usage aggregate: how many tasks and events, and the sum of their quantities (minutes, images…). */
public record UsageTotal(long count, BigDecimal quantity) {

    public static final UsageTotal NONE = new UsageTotal(0, BigDecimal.ZERO);
}
