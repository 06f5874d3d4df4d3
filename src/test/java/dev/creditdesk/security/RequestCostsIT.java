package dev.creditdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What every API request is spared (issue 17): Spring Security's filters (the API authenticates and
 * authorizes itself; AccessMatrixIT checks that it still does) and Spring Security's observations;
 * the request timer the alerts read stays.
 */
class RequestCostsIT extends IntegrationTest {

    @Autowired
    FilterChainProxy security;

    @Autowired
    MeterRegistry meters;

    @Test
    void apiRequestsPassNoSpringSecurityFilterWhileTheConsoleKeepsItsChain() {
        assertThat(filtersFor("/v1/tasks")).isEmpty();
        assertThat(filtersFor("/v1/tasks/0190a1b2-0000-7000-8000-000000000000/complete")).isEmpty();
        assertThat(filtersFor("/console/cases")).isNotEmpty();
        assertThat(filtersFor("/actuator/health")).isNotEmpty();
    }

    @Test
    void theRequestTimerIsKeptAndNothingElseIsObservedPerRequest() {
        TestTenant tenant = newTenant();
        assertThat(api.get("/v1/tasks", tenant.secretKey()).status()).isEqualTo(200);
        assertThat(api.get("/v1/tasks", null).status()).isEqualTo(401);
        assertThat(meters.find("http.server.requests").tag("uri", "/v1/tasks").tag("status", "401").timer())
                .isNotNull();
        List<String> names = meters.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).toList();
        assertThat(names).noneMatch(name -> name.startsWith("spring.security"))
                .doesNotContain("http.server.requests.active");
    }

    private List<?> filtersFor(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        return security.getFilterChains().stream().filter(chain -> chain.matches(request)).findFirst()
                .map(SecurityFilterChain::getFilters).orElseThrow();
    }
}
