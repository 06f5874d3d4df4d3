package dev.creditdesk.subscriptions.internal;

import dev.creditdesk.subscriptions.PeriodPayment;
import dev.creditdesk.subscriptions.Subscription;
import dev.creditdesk.subscriptions.Subscriptions;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Subscriptions whose period is over: a cancelled one ends; a {@code manual} one renews (again and
 * again, if the job was down for several periods); a Stripe one waits for Stripe's
 * {@code invoice.paid} or {@code customer.subscription.deleted}.
 */
@Component
public class RenewalJob {

    private static final Logger log = LoggerFactory.getLogger(RenewalJob.class);
    private static final int BATCH = 50;
    /** A manual subscription does not catch up on more periods than this in one pass. */
    private static final int MAX_PERIODS_PER_PASS = 12;

    private final SubscriptionStore store;
    private final Subscriptions subscriptions;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RenewalJob(SubscriptionStore store, Subscriptions subscriptions, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One pass; returns the number of periods renewed and subscriptions ended. */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.renewal-delay:PT1M}")
    public int run() {
        Integer done = transactions.execute(tx -> {
            int changes = 0;
            List<SubscriptionStore.Due> due = store.claimDue(clock.instant(), BATCH);
            for (SubscriptionStore.Due d : due) {
                changes += settle(d);
            }
            return changes;
        });
        return done == null ? 0 : done;
    }

    private int settle(SubscriptionStore.Due due) {
        int changes = 0;
        Subscription s = subscriptions.require(due.tenantId(), due.id());
        while (s.active() && !s.currentPeriodEnd().isAfter(clock.instant()) && changes < MAX_PERIODS_PER_PASS
                && (s.pausedUntil() == null || !s.pausedUntil().isAfter(clock.instant()))) {
            if (s.cancelAtPeriodEnd()) {
                s = subscriptions.end(due.tenantId(), s.id(), "cancelled at period end");
            } else if ("manual".equals(s.provider())) {
                s = subscriptions.renew(due.tenantId(), s.id(),
                        PeriodPayment.atPlanPrice(null, null, s.currentPeriodEnd()), "renewal-job");
            } else {
                break;
            }
            changes++;
        }
        if (changes > 0) {
            log.info("Subscription {}: {} period change(s)", s.id(), changes);
        }
        return changes;
    }
}
