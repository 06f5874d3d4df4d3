/**
 * Chargebacks: their lifecycle as the provider reports it (or support records it), what the
 * policy in force says a dispute suspends while it is reviewed, and settling it once: won lifts
 * exactly what was suspended, lost revokes the order's credits, ends its subscription and marks it
 * charged back. It never moves money; it answers refunds' {@code DisputeFacts}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants",
        "accounts", "ledger", "billing", "subscriptions", "policy", "refunds"})
package dev.creditdesk.disputes;
