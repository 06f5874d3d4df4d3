package dev.creditdesk.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Called by the per-request transaction for every successful mutating request (POST, PUT, PATCH,
 * DELETE on {@code /v1} and {@code /console}) just before it commits, so the request's audit entry
 * is written in the same transaction as its change: a request that fails leaves none.
 */
public interface RequestAudit {

    /** What a JSON answer says it is ({@code object}, {@code id}): only these two fields are read. */
    record Created(String object, String id) {
    }

    void succeeded(HttpServletRequest request, @Nullable Created created);
}
