/**
 * Where the data lives: the data source, the embedded PostgreSQL, and backups that need no client
 * tools. Named so the command line may use it ({@code "shared :: database"}); business modules
 * reach the database through their own SQL only.
 */
@org.springframework.modulith.NamedInterface("database")
package dev.creditdesk.shared.database;
