package dev.creditdesk.refunds;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.policy.simulations.*}: how policy replays run beside the service. {@code threads}
 * evaluate (besides the one reading), so a replay takes at most that many cores from the hot path;
 * {@code maxChangesStored} changed cases are kept per simulation (the report counts all of them);
 * {@code defaultHandlingTime} prices a reviewed case when the tenant's decisions do not measure it;
 * a running simulation whose node has not reported for {@code staleAfter} is failed; {@code maxOrders}
 * bounds a replay over past orders, {@code maxActivePerTenant} the simulations queued or running at once;
 * {@code maxCasesPerSecond} paces a replay so that it leaves the hot path its cores (0: unpaced).
 */
@ConfigurationProperties("creditdesk.policy.simulations")
public record SimulationSettings(@DefaultValue("1") int threads, @DefaultValue("100000") int maxChangesStored,
        @DefaultValue("10m") Duration defaultHandlingTime, @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("100000") int maxOrders, @DefaultValue("3") int maxActivePerTenant,
        @DefaultValue("1000") int maxCasesPerSecond) {

    public SimulationSettings {
        if (threads < 1 || maxChangesStored < 0 || maxCasesPerSecond < 0 || maxOrders < 1 || maxActivePerTenant < 1
                || defaultHandlingTime.isNegative() || defaultHandlingTime.isZero() || staleAfter.toSeconds() < 10) {
            throw new IllegalArgumentException("creditdesk.policy.simulations: threads, max-orders and "
                    + "max-active-per-tenant must be at least 1, max-changes-stored and max-cases-per-second at least 0, "
                    + "default-handling-time positive and stale-after at least 10s");
        }
    }
}
