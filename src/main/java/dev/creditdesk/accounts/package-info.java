/**
 * Customer accounts of a tenant (the product's own user id and email) and what each may do:
 * generate, download, use the account at all. An entitlement is lost only through a recorded
 * suspension with its reason and source, and comes back only by lifting that suspension.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared::events"})
package dev.creditdesk.accounts;
