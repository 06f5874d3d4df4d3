package dev.creditdesk.console.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * A console path that no page answers: a "Not found" page (404), signed in or not, instead of
 * the API's problem+json or a detour through the sign-in form. Runs in the console's security chain
 * before its authorization; the console's routes are read once from the controllers' mappings.
 */
final class ConsoleNotFound extends OncePerRequestFilter {

    private final ApplicationContext context;
    private final SpringTemplateEngine templates;
    private volatile List<PathPattern> routes;

    ConsoleNotFound(ApplicationContext context, SpringTemplateEngine templates) {
        this.context = context;
        this.templates = templates;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/console/assets/") || path.equals(ConsoleSecurityConfiguration.SIGN_IN)
                || path.equals("/console/sign-out") || known(path)) {
            chain.doFilter(request, response);
            return;
        }
        Context page = new Context(request.getLocale());
        page.setVariable("title", "Not found");
        page.setVariable("message", "There is no console page at this address. Check the link, or start again from "
                + "the review queue.");
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/html;charset=UTF-8");
        templates.process("console/refused", page, response.getWriter());
    }

    private boolean known(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return routes().stream().anyMatch(p -> p.matches(container));
    }

    private List<PathPattern> routes() {
        List<PathPattern> known = routes;
        if (known == null) {
            known = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                    .getHandlerMethods().keySet().stream()
                    .filter(info -> info.getPathPatternsCondition() != null)
                    .flatMap(info -> info.getPathPatternsCondition().getPatterns().stream())
                    .filter(p -> p.getPatternString().startsWith("/console"))
                    .toList();
            routes = known;
        }
        return known;
    }
}
