package dev.creditdesk.tenants.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Problems;
import dev.creditdesk.tenants.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /v1} request but the provider webhooks (which are signed instead) carries
 * {@code Authorization: Bearer <key>}; the key decides the caller's tenant and role.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final JsonMapper json;

    ApiKeyAuthenticationFilter(ApiKeys keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/v1/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            reject(request, response, "missing-api-key", "Send your API key as 'Authorization: Bearer <key>'");
            return;
        }
        ApiKeys.Recognition recognition = keys.recognise(header.substring(7).trim());
        if (recognition instanceof ApiKeys.Recognition.Valid valid) {
            new Caller(valid.tenantId(), valid.role(), valid.keyId()).attachTo(request);
            chain.doFilter(request, response);
        } else if (recognition instanceof ApiKeys.Recognition.Revoked) {
            reject(request, response, "revoked-api-key", "This API key was revoked");
        } else {
            reject(request, response, "invalid-api-key", "This API key is not valid");
        }
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String type, String detail)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        Problems.write(response, json, new ApiProblem(401, type, "Unauthorized", detail), request.getRequestURI());
    }
}
