/**
 * Orders, the charges that paid them, refunds sent back through payment providers, and the
 * providers' webhooks. An order's credits are delivered through the ledger in the transaction
 * that records it. It never sends money from inside a transaction: refunds are written first and
 * submitted afterwards, idempotently.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "shared::events", "tenants", "accounts", "ledger", "catalog"})
package dev.creditdesk.billing;
