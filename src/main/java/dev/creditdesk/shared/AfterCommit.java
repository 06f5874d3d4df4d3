package dev.creditdesk.shared;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that reports what a transaction did (a counter, a business log line) runs once the
 * transaction commits, so a change rolled back is neither counted nor logged; outside a
 * transaction it runs at once.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable report) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            report.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                report.run();
            }
        });
    }
}
