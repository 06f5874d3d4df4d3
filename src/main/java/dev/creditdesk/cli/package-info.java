/**
 * The command line in the same jar: {@code serve} (the default) and {@code policy lint / test /
 * explain}. Policy commands run without a server or a database.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "policy", "calendar"})
package dev.creditdesk.cli;
