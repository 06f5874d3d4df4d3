package dev.creditdesk.ledger.internal;

import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.ledger.internal.LedgerStore.AccountRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background work of the ledger: releasing holds past their TTL and recording the expiry of
 * blocks past their date. Several nodes may run them at once: each account is claimed with
 * {@code FOR UPDATE SKIP LOCKED} in its own transaction, so an account busy elsewhere (a task
 * settling, another node's job) is skipped and picked up on the next pass.
 */
@Component
public class LedgerJobs {

    private static final Logger log = LoggerFactory.getLogger(LedgerJobs.class);
    static final int BATCH = 200;

    private final LedgerStore store;
    private final Ledger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;

    LedgerJobs(LedgerStore store, Ledger ledger, TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.store = store;
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * One pass over holds past their TTL; returns how many were released. Each account's expired
     * holds count in {@code creditdesk.holds.expired} (tenant) once their transaction committed.
     */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.hold-expiry-delay:PT5S}")
    public int expireHolds() {
        List<AccountRef> accounts = store.accountsWithDueHolds(clock.instant(), BATCH);
        int total = 0;
        for (AccountRef account : accounts) {
            Integer expired = transactions.execute(tx -> store.tryLockAccount(account.tenantId(), account.accountId())
                    ? ledger.expireDueHolds(account.tenantId(), account.accountId())
                    : 0);
            if (expired != null && expired > 0) {
                Counter.builder("creditdesk.holds.expired").description("Holds released by the expiry job past their TTL")
                        .tag("tenant", account.tenantId().toString()).register(meters).increment(expired);
                total += expired;
            }
        }
        if (total > 0) {
            log.info("Released {} holds past their TTL", total);
        }
        return total;
    }

    /** One pass over blocks past their expiry; returns how many credits expired. */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.block-expiry-delay:PT1M}")
    public long expireBlocks() {
        List<AccountRef> accounts = store.accountsWithDueBlocks(clock.instant(), BATCH);
        long total = 0;
        for (AccountRef account : accounts) {
            Long expired = transactions.execute(tx -> store.tryLockAccount(account.tenantId(), account.accountId())
                    ? ledger.expireDueBlocks(account.tenantId(), account.accountId())
                    : 0L);
            if (expired != null && expired > 0) {
                Counter.builder("creditdesk.holds.expired").description("Holds released by the expiry job past their TTL")
                        .tag("tenant", account.tenantId().toString()).register(meters).increment(expired);
                total += expired;
            }
        }
        if (total > 0) {
            log.info("Expired {} credits past their blocks' expiry", total);
        }
        return total;
    }
}
