package dev.creditdesk.shared;

/** One field of a request that was wrong, and why; {@code field} is the JSON name (snake_case). */
public record FieldProblem(String field, String message) {
}
