package dev.creditdesk.tenants.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.tenants.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns {@code Authorization: Bearer <key>} into the request's {@link Caller} (tenant, role, key).
 * Runs on every request, whatever its path, and refuses nothing itself: a key that is not accepted
 * is noted, and the handler that would run decides — one that needs a key (its {@code @Allow})
 * answers 401, a {@code @Public} one (a signed webhook) ignores it.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final ApiKeys keys;

    ApiKeyAuthenticationFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null) {
            authenticate(keys, request, header);
        }
        chain.doFilter(request, response);
    }

    /** Attaches the key's {@link Caller} to the request, or notes why the key was not accepted. */
    static void authenticate(ApiKeys keys, HttpServletRequest request, String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            Caller.refuse(request, refused("missing-api-key", "Send your API key as 'Authorization: Bearer <key>'"));
            return;
        }
        ApiKeys.Recognition recognition = keys.recognise(header.substring(7).trim());
        if (recognition instanceof ApiKeys.Recognition.Valid valid) {
            new Caller(valid.tenantId(), valid.role(), valid.keyId()).attachTo(request);
        } else if (recognition instanceof ApiKeys.Recognition.Revoked) {
            Caller.refuse(request, refused("revoked-api-key", "This API key was revoked"));
        } else {
            Caller.refuse(request, refused("invalid-api-key", "This API key is not valid"));
        }
    }

    private static ApiProblem refused(String type, String detail) {
        return new ApiProblem(401, type, "Unauthorized", detail);
    }
}
