package dev.creditdesk.support;

import java.util.function.IntSupplier;

/**
 * Background jobs run by hand in tests. They work on every tenant in batches, so a test that needs
 * its own records handled runs a job until it has nothing left, whatever other tests left behind.
 */
public final class Jobs {

    private static final int MAX_PASSES = 1_000;

    private Jobs() {
    }

    /** Runs {@code job} (answering how much it did) until a pass does nothing; answers the total. */
    public static int drain(IntSupplier job) {
        int total = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            int done = job.getAsInt();
            if (done == 0) {
                return total;
            }
            total += done;
        }
        throw new AssertionError("the job still had work after " + MAX_PASSES + " passes");
    }
}
