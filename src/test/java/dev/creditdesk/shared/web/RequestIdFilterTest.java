package dev.creditdesk.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.RequestIds;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

    @Test
    void theIdIsInTheLoggingContextWhileTheRequestRunsAndGoneAfter() throws Exception {
        AtomicReference<String> logged = new AtomicReference<>();
        MockHttpServletResponse response = new MockHttpServletResponse();
        new RequestIdFilter().doFilter(new MockHttpServletRequest("GET", "/v1/accounts"), response,
                (request, ignored) -> logged.set(MDC.get("request_id")));
        assertThat(logged.get()).matches("req_[A-Za-z0-9]{20}").isEqualTo(response.getHeader(RequestIds.HEADER));
        assertThat(MDC.get("request_id")).isNull();
    }

    @Test
    void theErrorDispatchOfARequestKeepsItsId() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/accounts");
        MockHttpServletResponse response = new MockHttpServletResponse();
        RequestIdFilter filter = new RequestIdFilter();
        filter.doFilter(request, response, (r, s) -> { });
        String first = response.getHeader(RequestIds.HEADER);
        request.setDispatcherType(jakarta.servlet.DispatcherType.ERROR);
        AtomicReference<String> logged = new AtomicReference<>();
        filter.doFilter(request, response, (r, s) -> logged.set(MDC.get("request_id")));
        assertThat(logged.get()).isEqualTo(first);
    }
}
