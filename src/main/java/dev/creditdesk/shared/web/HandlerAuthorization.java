package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Decides, on every request that reaches one of the application's handlers, whether its caller may
 * run it ({@link HandlerAccess}). Registered for every path: no test of the path decides whether
 * the check happens. Framework handlers (API docs, the error page) are left to their own settings.
 */
final class HandlerAuthorization implements HandlerInterceptor {

    private static final Set<String> CONSOLE_AUTHORITIES = Set.of("ROLE_" + Role.SUPPORT.name(),
            "ROLE_" + Role.ADMIN.name());

    private final List<String> applicationPackages;

    /** Declarations do not change while the application runs: read once per handler method, not per request. */
    private final Map<Method, HandlerAccess> declared = new ConcurrentHashMap<>();

    HandlerAuthorization(List<String> applicationPackages) {
        this.applicationPackages = applicationPackages.stream().map(p -> p + ".").toList();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !applicationHandler(method)) {
            return true;
        }
        HandlerAccess access = declared.computeIfAbsent(method.getMethod(), m -> HandlerAccess.of(method));
        if (access instanceof HandlerAccess.Roles allowed) {
            requireRole(request, response, allowed.roles());
        } else if (access instanceof HandlerAccess.SignedInConsole) {
            requireConsoleSession();
        } else if (access instanceof HandlerAccess.Nobody) {
            requireRole(request, response, Set.of());
        }
        return true;
    }

    private boolean applicationHandler(HandlerMethod method) {
        String type = method.getBeanType().getName();
        return applicationPackages.stream().anyMatch(type::startsWith);
    }

    private static void requireRole(HttpServletRequest request, HttpServletResponse response, Set<Role> roles) {
        Caller caller = Caller.of(request);
        if (caller == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            throw Caller.missing(request);
        }
        if (!roles.contains(caller.role())) {
            String needed = roles.isEmpty() ? "none" : roles.stream().sorted().map(Role::wireName)
                    .collect(Collectors.joining(", "));
            throw new ApiProblem(403, "forbidden", "Forbidden",
                    "This endpoint needs a key with role " + needed + "; this key's role is " + caller.role().wireName());
        }
    }

    /** The console's security chain signs people in; this makes sure its pages never run without. */
    private static void requireConsoleSession() {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        boolean allowed = signedIn != null && signedIn.isAuthenticated()
                && !(signedIn instanceof AnonymousAuthenticationToken)
                && signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .anyMatch(CONSOLE_AUTHORITIES::contains);
        if (!allowed) {
            throw new ApiProblem(401, "sign-in-required", "Sign in required",
                    "Sign in to the console with a support or admin key");
        }
    }
}
