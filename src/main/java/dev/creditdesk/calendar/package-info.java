/**
 * Business days per tenant: weekends and the public holidays of the tenant's country (jollyday),
 * counted in the tenant's timezone, and the SLA due dates built on them. It knows nothing of
 * refunds; it answers calendar questions.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package dev.creditdesk.calendar;
