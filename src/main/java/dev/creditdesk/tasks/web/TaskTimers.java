package dev.creditdesk.tasks.web;

import dev.creditdesk.shared.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Latency of the hot path, {@code creditdesk.tasks.reserve} and {@code creditdesk.tasks.complete}:
 * the service call (validation, the ledger's hold or settle, the task row; not the commit, which the
 * request's transaction filter makes afterwards), tagged {@code outcome} = {@code ok}, the problem's
 * type ({@code insufficient-credits}, {@code task-expired}, …) or {@code error}. Histograms for
 * percentiles across nodes, and no tenant tag: a tag per tenant would multiply every bucket by the
 * number of tenants. Adds no query; the timers are looked up once per (operation, outcome).
 */
@Component
class TaskTimers {

    private static final Duration[] SLO = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2)};

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    TaskTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    <T> T reserve(Supplier<T> work) {
        return time("reserve", work);
    }

    <T> T complete(Supplier<T> work) {
        return time("complete", work);
    }

    private <T> T time(String operation, Supplier<T> work) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "ok";
            return result;
        } catch (ApiProblem problem) {
            outcome = problem.type();
            throw problem;
        } finally {
            timer(operation, outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + " " + outcome, key -> Timer.builder("creditdesk.tasks." + operation)
                .description("Time to " + operation + " a task (service call, before commit)")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .serviceLevelObjectives(SLO)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry));
    }
}
