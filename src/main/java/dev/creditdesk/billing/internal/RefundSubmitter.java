package dev.creditdesk.billing.internal;

import dev.creditdesk.billing.Refunds;
import java.time.Clock;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox for money: sends refunds that were written but not yet accepted by their provider.
 * Each is claimed with {@code FOR UPDATE SKIP LOCKED} and sent while its row is locked, with its id
 * as the provider's idempotency key; a crash before the commit leaves it requested, and the next
 * pass sends it again, which the provider answers with the refund it already made.
 */
@Component
public class RefundSubmitter {

    private static final int BATCH = 20;

    private final RefundStore store;
    private final Refunds refunds;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RefundSubmitter(RefundStore store, Refunds refunds, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.refunds = refunds;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One pass; returns how many refunds were sent. */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.refund-submit-delay:PT5S}")
    public int run() {
        int sent = 0;
        List<RefundStore.Due> due = transactions.execute(tx -> store.claimDue(clock.instant(), BATCH));
        for (RefundStore.Due refund : due == null ? List.<RefundStore.Due>of() : due) {
            transactions.executeWithoutResult(tx -> refunds.submit(refund.tenantId(), refund.id()));
            sent++;
        }
        return sent;
    }
}
