package dev.creditdesk.shared.web;

import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Public;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A GET to the API names only query parameters its handler reads: a misspelt or unsupported filter
 * ({@code ?acount_id=}) would otherwise be ignored and answer with more than was asked for. The
 * parameters allowed are read from the handler's {@link RequestParam}s, so the rule follows the code.
 * Only API handlers (declaring {@link Allow} or {@link Public}, mapped under {@code /v1/}) are
 * checked; console pages and framework handlers keep their own rules.
 */
final class QueryParameterCheck implements HandlerInterceptor {

    /** At most this many unknown parameters are named, each cut to {@link #MAX_NAME} characters. */
    private static final int MAX_NAMED = 10;
    private static final int MAX_NAME = 100;

    private final Map<HandlerMethod, Accepted> accepted = new ConcurrentHashMap<>();

    /** The parameter names a handler reads, in order; {@code any} when it is not checked. */
    private record Accepted(List<String> names, boolean any) {
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                || !(handler instanceof HandlerMethod method) || request.getParameterMap().isEmpty()) {
            return true;
        }
        Accepted reads = accepted.computeIfAbsent(method, QueryParameterCheck::accepted);
        if (reads.any()) {
            return true;
        }
        List<FieldProblem> unknown = request.getParameterMap().keySet().stream().sorted()
                .filter(name -> !reads.names().contains(name))
                .limit(MAX_NAMED)
                .map(name -> new FieldProblem(shown(name), reads.names().isEmpty()
                        ? "is not a parameter of this endpoint, which takes none"
                        : "is not a parameter of this endpoint, which takes " + String.join(", ", reads.names())))
                .toList();
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid(unknown);
        }
        return true;
    }

    private static String shown(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME) + "…";
    }

    /** What the handler reads; any parameter for a console or framework handler, or one reading a Map. */
    private static Accepted accepted(HandlerMethod method) {
        if (!apiHandler(method)) {
            return new Accepted(List.of(), true);
        }
        Set<String> names = new TreeSet<>();
        boolean any = false;
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                any = true;
            }
            String name = !param.name().isEmpty() ? param.name()
                    : !param.value().isEmpty() ? param.value() : parameter.getParameterName();
            if (name != null) {
                names.add(name);
            }
        }
        return new Accepted(List.copyOf(names), any);
    }

    private static boolean apiHandler(HandlerMethod method) {
        HandlerAccess access = HandlerAccess.of(method);
        boolean declared = access instanceof HandlerAccess.Roles || access instanceof HandlerAccess.Anyone;
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        return declared && mapping != null && mapping.path().length > 0
                && Arrays.stream(mapping.path()).allMatch(path -> path.startsWith("/v1/"));
    }
}
