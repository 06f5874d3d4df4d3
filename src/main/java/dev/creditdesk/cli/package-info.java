/**
 * The command line in the same jar: {@code serve} (the default), {@code policy lint / test /
 * explain / simulate}, and {@code backup} / {@code restore}. Policy commands run without a server or a
 * database, except simulate, which reads past cases (refunds' {@code PastDecisions}) from it; backup and
 * restore need only the database, embedded or external.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared :: database", "policy", "calendar", "refunds"})
package dev.creditdesk.cli;
