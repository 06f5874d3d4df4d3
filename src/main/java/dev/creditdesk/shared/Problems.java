package dev.creditdesk.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** The one rendering of an {@link ApiProblem} as RFC 9457 problem+json, for handlers and filters alike. */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final String TYPE_BASE = "https://creditdesk.dev/problems/";

    private Problems() {
    }

    public static Map<String, Object> body(ApiProblem problem, String instance) {
        return body(problem, instance, RequestIds.current());
    }

    public static Map<String, Object> body(ApiProblem problem, String instance, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("instance", instance);
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = problem.errors().stream()
                    .map(Problems::error)
                    .toList();
            body.put("errors", errors);
        }
        problem.properties().forEach(body::putIfAbsent);
        if (requestId != null) {
            body.putIfAbsent("request_id", requestId);
        }
        return body;
    }

    private static Map<String, String> error(FieldProblem error) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("field", error.field());
        map.put("message", error.message());
        return map;
    }

    /** For filters, which answer before Spring MVC is involved. */
    public static void write(HttpServletResponse response, JsonMapper json, ApiProblem problem, String instance)
            throws IOException {
        response.resetBuffer();
        String requestId = RequestIds.current();
        if (requestId != null && !response.containsHeader(RequestIds.HEADER)) {
            response.setHeader(RequestIds.HEADER, requestId);
        }
        response.setStatus(problem.status());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(problem, instance));
    }
}
