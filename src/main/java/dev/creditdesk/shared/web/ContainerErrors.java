package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Problems;
import dev.creditdesk.shared.RequestIds;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors the container answers without the application: a malformed request line (bad
 * percent-encoding, a character outside the URL grammar, an encoded NUL), a URL or headers too
 * long. Tomcat's own report is an HTML page; this one is problem+json like every other answer.
 */
final class ContainerErrors {

    private ContainerErrors() {
    }

    /** Tomcat refuses to decode a query string (bad percent-encoding, too many parameters). */
    static ApiProblem malformedQuery() {
        return new ApiProblem(400, "bad-request", "Bad request",
                "The query string is malformed: bad percent-encoding, or too many parameters");
    }

    static ApiProblem problem(int status) {
        return switch (status) {
            case 400 -> new ApiProblem(400, "bad-request", "Bad request",
                    "The request is malformed: its URL (percent-encoding, a character not allowed, an encoded "
                            + "slash, ';' parameters or '..'), its headers or its body");
            case 401 -> new ApiProblem(401, "unauthorized", "Unauthorized", "Send your API key as 'Authorization: Bearer <key>'");
            case 403 -> new ApiProblem(403, "forbidden", "Forbidden", "This key may not do this");
            case 404 -> new ApiProblem(404, "not-found", "Not found", "There is nothing at this URL");
            case 405 -> new ApiProblem(405, "method-not-allowed", "Method not allowed",
                    "This URL does not take that method");
            case 408 -> new ApiProblem(408, "request-timeout", "Request timeout", "The request was not sent in time");
            case 413 -> new ApiProblem(413, "body-too-large", "Request body too large", "The request is too large");
            case 414 -> new ApiProblem(414, "uri-too-long", "URI too long", "The URL is too long");
            case 431 -> new ApiProblem(431, "headers-too-large", "Request headers too large",
                    "The request's headers are too large");
            case 503 -> DatabaseBusy.problem();
            default -> status >= 500
                    ? new ApiProblem(status, "internal-error", "Internal error",
                            "Something went wrong on our side; nothing was changed")
                    : new ApiProblem(status, "http-" + status, "Request refused", "The request was refused");
        };
    }

    /** Replaces Tomcat's HTML error report on the host. */
    static final class ProblemReportValve extends ErrorReportValve {

        private final JsonMapper json = JsonMapper.builder().build();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            String uri = request.getRequestURI() == null ? "" : request.getRequestURI();
            String instance = uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
            try {
                HttpServletResponse servletResponse = response.getResponse();
                String requestId = servletResponse.getHeader(RequestIds.HEADER);
                if (requestId == null) {
                    requestId = RequestIds.generate();
                    servletResponse.setHeader(RequestIds.HEADER, requestId);
                }
                servletResponse.setContentType(Problems.PROBLEM_JSON.toString());
                servletResponse.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(json.writeValueAsString(Problems.body(problem(status), instance, requestId)));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response was committed meanwhile: nothing left to tell
            }
        }
    }
}
