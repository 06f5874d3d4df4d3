package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A body's Content-Type must name one concrete media type. Spring answers 415 for a concrete type
 * a handler does not read, but a wildcard ({@code *}{@code /*}), a multipart type or an unparsable
 * header fail deeper, as 500s; they are refused here, before the body is read, naming what the
 * handler expects.
 */
class ContentTypeCheck implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getContentType();
        if (header == null || !(handler instanceof HandlerMethod method) || !readsBody(method)) {
            return true;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw unsupported(expected(method));
        }
        if (type.isWildcardType() || type.isWildcardSubtype() || "multipart".equalsIgnoreCase(type.getType())) {
            throw unsupported(expected(method));
        }
        return true;
    }

    /** The 415 answer, naming the types the endpoint reads (JSON unless it says otherwise). */
    static ApiProblem unsupported(Collection<MediaType> supported) {
        boolean any = supported.stream().anyMatch(t -> t.isWildcardType());
        List<String> names = supported.stream()
                .filter(t -> !t.isWildcardType() && !t.isWildcardSubtype())
                .map(t -> t.getType() + "/" + t.getSubtype())
                .distinct()
                .toList();
        if (any) {
            return new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                    "Send the body with the Content-Type of what it is, such as image/png; not a wildcard or multipart");
        }
        List<String> expected = names.isEmpty() || names.contains(MediaType.APPLICATION_JSON_VALUE)
                ? List.of(MediaType.APPLICATION_JSON_VALUE) : names;
        return new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                "Send the body with Content-Type " + String.join(" or ", expected))
                .with("expected", expected);
    }

    private static boolean readsBody(HandlerMethod method) {
        return Arrays.stream(method.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
    }

    private static List<MediaType> expected(HandlerMethod method) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        if (mapping == null || mapping.consumes().length == 0) {
            return List.of(MediaType.APPLICATION_JSON);
        }
        return Arrays.stream(mapping.consumes()).map(MediaType::parseMediaType).collect(Collectors.toList());
    }
}
