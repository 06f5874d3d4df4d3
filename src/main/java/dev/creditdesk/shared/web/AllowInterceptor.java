package dev.creditdesk.shared.web;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Checks the caller's role against the handler's {@link Allow}; handlers without one are closed. */
class AllowInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith("/v1/")) {
            return true;
        }
        Caller caller = Caller.of(request);
        if (caller == null) {
            return true; // public endpoints (webhooks) authenticate themselves
        }
        Allow allow = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Allow.class);
        if (allow == null) {
            allow = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Allow.class);
        }
        if (allow == null || Arrays.stream(allow.value()).noneMatch(r -> r == caller.role())) {
            String roles = allow == null ? "none" : Arrays.stream(allow.value()).map(Role::wireName)
                    .collect(Collectors.joining(", "));
            throw new ApiProblem(403, "forbidden", "Forbidden",
                    "This endpoint needs a key with role " + roles + "; this key's role is " + caller.role().wireName());
        }
        return true;
    }
}
