package dev.creditdesk.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the caller can act on; becomes an RFC 9457 {@code application/problem+json} response.
 * {@code type} is a short slug (rendered as {@code https://creditdesk.dev/problems/<type>}),
 * {@code errors} name the offending fields, {@code properties} carry extra members such as
 * {@code available} on an over-draw.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldProblem> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(int status, String type, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public static ApiProblem invalid(String field, String message) {
        return new ApiProblem(400, "invalid-request", "Invalid request",
                field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public static ApiProblem invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static ApiProblem notFound(String object, Object id) {
        return new ApiProblem(404, "not-found", "Not found", "No " + object + " with id " + id);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(409, type, "Conflict", detail);
    }

    public static ApiProblem unprocessable(String type, String field, String message) {
        return new ApiProblem(422, type, "Unprocessable request",
                field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public ApiProblem with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
