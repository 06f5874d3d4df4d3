package dev.creditdesk.shared.web;

import dev.creditdesk.shared.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outermost: a filter that needs the database before Spring MVC runs (API key recognition, the
 * request's transaction) and finds no free connection answers 503 problem+json with
 * {@code Retry-After} instead of escaping to the container as a 500.
 */
class DatabaseBusyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBusyFilter.class);

    private final JsonMapper json;

    DatabaseBusyFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            if (!DatabaseBusy.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("No database connection for {} {}: {}", request.getMethod(), LoggedPath.of(request),
                    e.getMessage());
            response.reset();
            response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseBusy.RETRY_AFTER_SECONDS);
            Problems.write(response, json, DatabaseBusy.problem(), request.getRequestURI());
        }
    }
}
