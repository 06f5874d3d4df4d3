/**
 * The command line in the same jar: {@code serve} (the default), {@code policy lint / test /
 * explain}, and {@code backup} / {@code restore}. Policy commands run without a server or a
 * database; backup and restore need only the database, embedded or external.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "shared :: database", "policy", "calendar"})
package dev.creditdesk.cli;
