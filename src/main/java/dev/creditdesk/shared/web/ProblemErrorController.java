package dev.creditdesk.shared.web;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Public;
import dev.creditdesk.shared.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The container's error page ({@code /error}): what fails outside Spring MVC's handlers (a URL the
 * firewall refuses, an exception escaping a filter, {@code sendError}) is answered as problem+json,
 * or as the console's error page for a browser that asks for HTML. Replaces Boot's default body.
 */
@Controller
@Public // renders the failure of the request that was dispatched here; it reads and changes no data
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request) {
        ApiProblem problem = problem(request);
        ModelAndView page = new ModelAndView("console/error");
        page.addObject("title", problem.title());
        page.addObject("message", problem.getMessage());
        page.addObject("path", "");
        page.setStatus(HttpStatusCode.valueOf(problem.status()));
        return page;
    }

    @RequestMapping
    ResponseEntity<Map<String, Object>> problemJson(HttpServletRequest request) {
        ApiProblem problem = problem(request);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status()).contentType(Problems.PROBLEM_JSON);
        if (problem.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, DatabaseBusy.RETRY_AFTER_SECONDS);
        }
        return response.body(Problems.body(problem, originalUri(request)));
    }

    private static ApiProblem problem(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure != null && DatabaseBusy.causedBy(failure)) {
            return DatabaseBusy.problem();
        }
        if (failure instanceof ApiProblem problem) {
            return problem;
        }
        if (failure instanceof InvalidParameterException) {
            return ContainerErrors.malformedQuery();
        }
        if (status >= 500 && failure != null) {
            log.error("Unexpected failure on {} {}", request.getMethod(), LoggedPath.redact(originalUri(request)), failure);
        }
        return ContainerErrors.problem(status);
    }

    private static String originalUri(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri == null ? request.getRequestURI() : uri.toString();
    }
}
