/**
 * Generation tasks and their credits: reserved when a task starts, consumed when it completes,
 * released when it fails or outlives its TTL, restored when a completed task turns out failed.
 * It never touches credits itself; every movement goes through the ledger.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants",
        "accounts", "ledger", "usage"})
package dev.creditdesk.tasks;
