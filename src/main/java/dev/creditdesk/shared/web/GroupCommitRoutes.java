package dev.creditdesk.shared.web;

import dev.creditdesk.shared.GroupCommit;
import dev.creditdesk.shared.GroupCommitted;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Which requests go to a {@link GroupCommit} handler: the routes are read from the handlers
 * themselves (their annotation, their mappings), once, and a request is matched against the same
 * path patterns the dispatcher uses. As a guard, {@link #guard()} refuses a request marked for
 * group commit that reaches any other handler, so no handler ever runs without a transaction
 * that expects one.
 */
final class GroupCommitRoutes {

    private record Route(Set<RequestMethod> methods, Set<PathPattern> patterns) {
        boolean matches(String method, PathContainer path) {
            return methods.stream().anyMatch(m -> m.name().equals(method))
                    && patterns.stream().anyMatch(pattern -> pattern.matches(path));
        }
    }

    private final BeanFactory beans;
    private volatile List<Route> routes;

    GroupCommitRoutes(BeanFactory beans) {
        this.beans = beans;
    }

    boolean matches(HttpServletRequest request) {
        PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
        String method = request.getMethod();
        for (Route route : routes()) {
            if (route.matches(method, path)) {
                return true;
            }
        }
        return false;
    }

    private List<Route> routes() {
        List<Route> known = routes;
        if (known == null) {
            List<Route> found = new ArrayList<>();
            RequestMappingHandlerMapping mapping =
                    beans.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
            mapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
                if (handler.hasMethodAnnotation(GroupCommit.class) && info.getPathPatternsCondition() != null) {
                    found.add(new Route(info.getMethodsCondition().getMethods(),
                            info.getPathPatternsCondition().getPatterns()));
                }
            });
            known = List.copyOf(found);
            routes = known;
        }
        return known;
    }

    /** Refuses, before it runs, a handler without {@link GroupCommit} reached by a request without a transaction. */
    static HandlerInterceptor guard() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (request.getDispatcherType() == DispatcherType.REQUEST && GroupCommitted.of(request) != null
                        && !(handler instanceof HandlerMethod method && method.hasMethodAnnotation(GroupCommit.class))) {
                    throw new IllegalStateException("a request without its transaction reached " + handler);
                }
                return true;
            }
        };
    }
}
