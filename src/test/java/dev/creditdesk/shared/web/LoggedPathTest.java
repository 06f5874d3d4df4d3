package dev.creditdesk.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggedPathTest {

    @Test
    void tokensInPathsAreNeverLogged() {
        String token = "h7Jq2mN0xPz8LrT4vWcY1bQe5sKa9dGf3uIo6lEp0Zw";
        assertThat(LoggedPath.redact("/console/invitation/" + token)).isEqualTo("/console/invitation/[redacted]");
        assertThat(LoggedPath.redact("/portal/3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/confirm/" + token))
                .isEqualTo("/portal/3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/confirm/[redacted]");
    }

    @Test
    void idsAndRouteNamesStay() {
        String path = "/v1/refund-requests/3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/information";
        assertThat(LoggedPath.redact(path)).isEqualTo(path);
        assertThat(LoggedPath.redact("/v1/accounts/x/account-credit/entries")).isEqualTo("/v1/accounts/x/account-credit/entries");
        assertThat(LoggedPath.redact(null)).isEmpty();
    }
}
