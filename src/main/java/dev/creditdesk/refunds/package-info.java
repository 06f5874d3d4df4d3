/**
 * Refund requests (cases): intake with the checks the seeds require, evaluation by the tenant's
 * policy version in force, and the review queue with business-day due dates. It never moves money
 * or credits itself: approved remedies go through billing's refunds and the ledger.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "tenants", "accounts", "ledger",
        "billing", "policy", "calendar", "tasks", "notifications", "incidents"})
package dev.creditdesk.refunds;
