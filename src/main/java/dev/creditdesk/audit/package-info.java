/**
 * The audit log: one append-only entry for every change — who (a person, an API key, a payment
 * provider or a job), what (a stable action name and its subject), when, and the subject's state
 * before and after — written in the change's own transaction, for the API and the console alike.
 * It reads other modules' state only through their public APIs, never changes it, and never stores
 * a secret: request and response bodies are not kept.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "tenants", "refunds", "disputes",
        "accounts", "incidents", "policy"})
package dev.creditdesk.audit;
