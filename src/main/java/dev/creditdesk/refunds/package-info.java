/**
 * Refund requests (cases): intake with the checks the seeds require, evaluation by the tenant's
 * policy version in force, the review queue with business-day due dates, and one state machine
 * ({@link dev.creditdesk.refunds.CaseDecisions}) through which every status change passes and is
 * recorded. It never moves money or credits itself: approved remedies go through billing's
 * refunds (which refuse what chargebacks or earlier refunds returned) and account credit, the
 * ledger, and the subscriptions module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events", "tenants",
        "accounts", "ledger", "billing", "policy", "calendar", "tasks", "notifications", "incidents", "catalog",
        "usage", "subscriptions", "people"})
package dev.creditdesk.refunds;
