/**
 * Demo data for a first look: three tenants, one per shipped refund policy, each with a catalog
 * like its seed product's, one customer with a purchase, and an admin and a support person who
 * sign in to the console with the demo password. Created on first start when
 * {@code creditdesk.demo.enabled} is true — the {@code demo} profile, which {@code ./mvnw spring-boot:run}
 * turns on; never with the shipped defaults — and never touches a tenant it did not create.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "tenants", "accounts", "catalog", "billing", "tasks", "incidents",
                "refunds", "intake", "people"})
package dev.creditdesk.demo;
