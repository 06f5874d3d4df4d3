package dev.creditdesk.billing.internal;

import dev.creditdesk.billing.Refunds;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox for money: sends refunds that were written but not yet accepted by their provider.
 * Each is claimed with {@code FOR UPDATE SKIP LOCKED} and sent in the claiming transaction, so its
 * row stays locked from the claim to the commit and no other node can claim it in between (a claim
 * committed before the send let a second node claim a refund whose first attempt was about to be
 * put off, and send it again at once). Its id is the provider's idempotency key: a crash before the
 * commit leaves it requested, and the next pass sends it again, which the provider answers with the
 * refund it already made.
 */
@Component
public class RefundSubmitter {

    private static final Logger log = LoggerFactory.getLogger(RefundSubmitter.class);
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

    /**
     * One pass of up to {@link #BATCH} refunds, one transaction each; returns how many were tried. A
     * refund whose submission throws is rolled back and put off by its backoff in a transaction of its
     * own: left due, it would be claimed first on every pass of every node and hold back every refund
     * behind it.
     */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.refund-submit-delay:PT5S}")
    public int run() {
        int tried = 0;
        while (tried < BATCH) {
            RefundStore.Due[] claimed = new RefundStore.Due[1];
            try {
                if (!Boolean.TRUE.equals(transactions.execute(tx -> submitNext(claimed)))) {
                    break;
                }
            } catch (RuntimeException e) {
                if (claimed[0] == null) {
                    throw e;
                }
                log.atError().addKeyValue("tenant", claimed[0].tenantId()).addKeyValue("refund", claimed[0].id())
                        .setCause(e).log("Refund not submitted; put off");
                refunds.postpone(claimed[0].tenantId(), claimed[0].id(), "not submitted: " + e.getClass().getSimpleName());
            }
            tried++;
        }
        return tried;
    }

    private boolean submitNext(RefundStore.Due[] claimed) {
        List<RefundStore.Due> due = store.claimDue(clock.instant(), 1);
        if (due.isEmpty()) {
            return false;
        }
        claimed[0] = due.get(0);
        refunds.submit(due.get(0).tenantId(), due.get(0).id());
        return true;
    }
}
