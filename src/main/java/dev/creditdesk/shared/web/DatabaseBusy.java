package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ApiProblem;
import java.sql.SQLTransientConnectionException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * No database connection could be had within the pool's connection timeout (every connection busy,
 * or the database unreachable). Nothing was done, so the caller may simply retry: 503 with
 * {@code Retry-After}, never a 500.
 */
final class DatabaseBusy {

    static final String RETRY_AFTER_SECONDS = "2";

    private DatabaseBusy() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    static ApiProblem problem() {
        return new ApiProblem(503, "service-busy", "Service busy",
                "No database connection was free in time; nothing was changed. Retry after "
                        + RETRY_AFTER_SECONDS + " seconds.");
    }
}
