package dev.creditdesk.ledger;

import org.springframework.test.context.TestPropertySource;

/** Every concurrency test of the ledger again, with the API's task calls applied in batches (group commit). */
@TestPropertySource(properties = {"creditdesk.tasks.batching.enabled=true", "creditdesk.tasks.batching.workers=1"})
class BatchedLedgerConcurrencyIT extends LedgerConcurrencyIT {
}
