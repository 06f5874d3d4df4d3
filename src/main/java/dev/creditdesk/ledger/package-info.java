/**
 * The credit ledger: blocks of granted credits, holds that reserve them for tasks, and the
 * append-only entries that record every movement. Each change to an account's credits locks
 * that account's ledger row first and writes its entries and cached counters in one transaction.
 * It must never let a block's consumed, held, expired, revoked and suspended credits exceed what
 * was granted, and never change an entry once written.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants", "accounts"})
package dev.creditdesk.ledger;
