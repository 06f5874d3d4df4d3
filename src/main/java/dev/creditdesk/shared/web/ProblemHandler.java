package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Problems;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.JsonBounds;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure into problem+json that names what was wrong; never a stack trace. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Map<String, Object>> apiProblem(ApiProblem problem, HttpServletRequest request) {
        return respond(problem, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return respond(unreadableBody(e), request);
    }

    static ApiProblem unreadableBody(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        if (cause instanceof StreamReadException parse) {
            return new ApiProblem(400, "malformed-json", "Malformed JSON",
                    "The request body is not valid JSON: " + parse.getOriginalMessage());
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String message;
            if (cause instanceof JsonBounds.Rejected rejected) {
                message = rejected.reason();
            } else if (cause instanceof UnrecognizedPropertyException) {
                message = "is not a known field";
            } else if (cause instanceof InvalidNullException) {
                message = "must not be null";
            } else {
                message = "has the wrong type or format";
            }
            return ApiProblem.invalid(field, message);
        }
        if (cause instanceof JacksonException jackson) {
            return new ApiProblem(400, "malformed-json", "Malformed JSON",
                    "The request body could not be read: " + jackson.getOriginalMessage());
        }
        return new ApiProblem(400, "malformed-json", "Malformed JSON", "A JSON request body is required");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(snakeCase(error.getField()), error.getDefaultMessage()));
        }
        return respond(ApiProblem.invalid(errors), request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Map<String, Object>> invalidParameter(HandlerMethodValidationException e, HttpServletRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(
                                snakeCase(result.getMethodParameter().getParameterName()),
                                error.getDefaultMessage())))
                .toList();
        return respond(ApiProblem.invalid(errors), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(ApiProblem.invalid(snakeCase(e.getName()), "has the wrong type or format"), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException e,
            HttpServletRequest request) {
        return respond(ApiProblem.invalid(e.getParameterName(), "is required"), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Map<String, Object>> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return respond(ApiProblem.invalid(e.getHeaderName(), "header is required"), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return respond(new ApiProblem(404, "not-found", "Not found", "No resource at " + request.getRequestURI()),
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(new ApiProblem(405, "method-not-allowed", "Method not allowed",
                e.getMethod() + " is not supported here"), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(ContentTypeCheck.unsupported(e.getSupportedMediaTypes()), request);
    }

    /**
     * A constraint the database enforces. A data exception (SQLSTATE class 22: a value out of the
     * column's range, a character it cannot store) is the request's fault whatever the state, so
     * 400; anything else (a unique key, a check that state would break) is a conflict.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Map<String, Object>> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            log.info("Data exception {} on {} {}: {}", state, request.getMethod(), LoggedPath.of(request),
                    e.getMostSpecificCause().getMessage());
            return respond(new ApiProblem(400, "invalid-request", "Invalid request",
                    "A value in the request is out of range or holds characters that cannot be stored"), request);
        }
        log.warn("Integrity violation on {} {}", request.getMethod(), LoggedPath.of(request), e);
        return respond(ApiProblem.conflict("conflict",
                "The request conflicts with the current state of the resource"), request);
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Map<String, Object>> malformedQuery(InvalidParameterException e, HttpServletRequest request) {
        return respond(ContainerErrors.malformedQuery(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseBusy.causedBy(e)) {
            log.warn("No database connection for {} {}: {}", request.getMethod(), LoggedPath.of(request),
                    e.getMessage());
            return ResponseEntity.status(503)
                    .header(HttpHeaders.RETRY_AFTER, DatabaseBusy.RETRY_AFTER_SECONDS)
                    .contentType(Problems.PROBLEM_JSON)
                    .body(Problems.body(DatabaseBusy.problem(), request.getRequestURI()));
        }
        if (e instanceof ErrorResponse spring) {
            int status = spring.getStatusCode().value();
            return respond(new ApiProblem(status, "http-" + status, spring.getBody().getTitle(),
                    spring.getBody().getDetail()), request);
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), LoggedPath.of(request), e);
        return respond(new ApiProblem(500, "internal-error", "Internal error",
                "Something went wrong on our side; nothing was changed"), request);
    }

    private static ResponseEntity<Map<String, Object>> respond(ApiProblem problem, HttpServletRequest request) {
        return ResponseEntity.status(problem.status())
                .contentType(Problems.PROBLEM_JSON)
                .body(Problems.body(problem, request.getRequestURI()));
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
