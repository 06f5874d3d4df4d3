package dev.creditdesk.shared.database;

import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The external database could not be reached at start: what was tried (the URL, never the
 * password) and what to check, in one line each.
 */
public final class DatabaseUnreachableException extends RuntimeException {

    private final String url;
    private final String reason;
    private final String check;

    private DatabaseUnreachableException(String url, String reason, String check, SQLException cause) {
        super("cannot connect to " + shown(url) + ": " + reason, cause);
        this.url = shown(url);
        this.reason = reason;
        this.check = check;
    }

    /**
     * Opens and closes one connection, or throws this exception saying why not. The pool's
     * connection timeout is how long a request waits for a free connection and may be short; a
     * first connection (TLS, scram-sha-256) is given at least 10 seconds.
     */
    public static void check(String url, String user, String password, Duration timeout) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        long seconds = Math.max(10, timeout.toSeconds());
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        try (Connection ignored = DriverManager.getConnection(url, properties)) {
            // reachable
        } catch (SQLException e) {
            throw of(url, user, e);
        }
    }

    static DatabaseUnreachableException of(String url, String user, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String who = user == null || user.isBlank() ? "the user" : "user '" + user + "'";
        if (causedBy(e, UnknownHostException.class)) {
            return new DatabaseUnreachableException(url, "unknown host",
                    "check the host name in creditdesk.database.url (CREDITDESK_DATABASE_URL)", e);
        }
        if (e.getMessage() != null && e.getMessage().contains("no password was provided")) {
            return new DatabaseUnreachableException(url, "the server asks for a password and none was given",
                    "set creditdesk.database.password (CREDITDESK_DATABASE_PASSWORD)", e);
        }
        return switch (state) {
            case "28P01", "28000" -> new DatabaseUnreachableException(url, "authentication failed for " + who,
                    "check creditdesk.database.user and creditdesk.database.password (CREDITDESK_DATABASE_USER, "
                            + "CREDITDESK_DATABASE_PASSWORD) and the server's pg_hba.conf", e);
            case "3D000" -> new DatabaseUnreachableException(url, "the database does not exist",
                    "create it (owned by " + who + ") or correct the database name in creditdesk.database.url", e);
            case "08001", "08004", "08006" -> new DatabaseUnreachableException(url, "connection refused or timed out",
                    "check that PostgreSQL is running and that its host and port in creditdesk.database.url "
                            + "(CREDITDESK_DATABASE_URL) are reachable from this machine", e);
            default -> new DatabaseUnreachableException(url, firstLine(e.getMessage()),
                    "check creditdesk.database.url, user and password", e);
        };
    }

    public String url() {
        return url;
    }

    public String reason() {
        return reason;
    }

    public String check() {
        return check;
    }

    /** The URL without a password given in it (as {@code password=} or as {@code user:password@host}). */
    static String shown(String url) {
        return url.replaceAll("(//)[^/?#@]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
