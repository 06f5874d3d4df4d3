/**
 * The people who work a tenant's console: support agents and admins, each signing in as
 * themselves (password, optional second factor, or the tenant's identity provider) instead of a
 * shared key. It owns the people table and everything that proves who someone is; API keys stay
 * for machines (tenants module). Its emails (invitations, password resets) carry one-time links, so
 * it sends them itself ({@code staff_emails}) and never through the tenant's outbox, which colleagues
 * can read.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "tenants", "notifications"})
package dev.creditdesk.people;
