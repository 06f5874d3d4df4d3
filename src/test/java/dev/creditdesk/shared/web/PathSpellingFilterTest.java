package dev.creditdesk.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSpellingFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1/accounts", "/v1/accounts/019c-a", "/console/", "/v1/accounts/%E2%82%AC",
            "/v1/accounts/a%20b", "/v3/api-docs", "/actuator/health"})
    void plainPathsPass(String path) {
        assertThat(PathSpellingFilter.problem(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%761/tenants", "/v%31/tenants", "/%76%31/tenants", "/V%31/x", "/v1/%7e", "/v1/a%2Db",
            "/v1%2Ftenants", "/v1%2ftenants", "/v1/%5Cx", "/v1/%3Bx", "/v1/%25", "/v1/%00", "/v1/%0A", "/v1/%",
            "/v1/%4", "/v1/%zz", "/v1;x=1/tenants", "/v1/tenants;jsessionid=1", "/v1/x/../tenants", "/v1/./x",
            "/v1/x/%2e%2e/tenants", "/v1/%2E/x", "/v1//tenants", "//v1/tenants", "/v1\\tenants", "v1/tenants"})
    void trickSpellingsAreRefused(String path) {
        assertThat(PathSpellingFilter.problem(path)).as(path).isNotNull();
    }
}
