package dev.creditdesk.bench;

import com.sun.management.ThreadMXBean;
import dev.creditdesk.policy.Decision;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The same cases as {@link PolicyEvaluationBenchmark}, measured by the benchmark thread's own CPU
 * time and allocation instead of wall-clock time: decisions per CPU-second and bytes per decision.
 * On a machine shared with other work, wall-clock throughput says how much of a core the thread
 * got; this says what one core does. Not JMH: a cross-check, run by
 * {@code bench/policy-evaluation.sh --cpu-time}; see docs/benchmarks.md.
 */
public final class PolicyEvaluationCpuTime {

    private static final int DECISIONS = 400_000;
    private static final int ROUNDS = 5;

    public static void main(String[] args) {
        PolicyEvaluationBenchmark benchmark = new PolicyEvaluationBenchmark();
        Map<String, Supplier<Decision>> cases = new LinkedHashMap<>();
        for (String policy : new String[] {"exceptions-only", "tiered-usage", "case-review"}) {
            for (String rule : new String[] {"first", "last"}) {
                PolicyEvaluationBenchmark.ShippedCase state = new PolicyEvaluationBenchmark.ShippedCase();
                state.policy = policy;
                state.rule = rule;
                state.setUp();
                cases.put("evaluate " + policy + " " + rule, () -> benchmark.evaluate(state));
            }
        }
        PolicyEvaluationBenchmark.TieredProportional tiered = new PolicyEvaluationBenchmark.TieredProportional();
        tiered.setUp();
        cases.put("tieredProportional", () -> benchmark.tieredProportional(tiered));
        PolicyEvaluationBenchmark.UsageReading usage = new PolicyEvaluationBenchmark.UsageReading();
        usage.setUp();
        cases.put("usageReading", () -> benchmark.usageReading(usage));

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Object sink = null;
        for (int round = 1; round <= ROUNDS; round++) {
            System.out.println("round " + round + (round == 1 ? " (warm-up)" : ""));
            for (Map.Entry<String, Supplier<Decision>> c : cases.entrySet()) {
                Supplier<Decision> decide = c.getValue();
                for (int i = 0; i < DECISIONS / 4; i++) {
                    sink = decide.get();
                }
                long bytes = threads.getThreadAllocatedBytes(thread);
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < DECISIONS; i++) {
                    sink = decide.get();
                }
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                bytes = threads.getThreadAllocatedBytes(thread) - bytes;
                System.out.printf("  %-36s %,10.0f decisions per CPU-second %,8d bytes/decision%n", c.getKey(),
                        DECISIONS / (cpu / 1e9), bytes / DECISIONS);
            }
        }
        System.out.println(sink == null ? "" : "done");
    }
}
