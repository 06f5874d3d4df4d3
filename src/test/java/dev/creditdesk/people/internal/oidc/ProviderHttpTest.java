package dev.creditdesk.people.internal.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant's provider addresses are refused before any connection when they are not https or lead
 * to a private, loopback or link-local network (a cloud metadata service, the database, an admin
 * port), unless the operator allows them.
 */
class ProviderHttpTest {

    private static ProviderHttp http(boolean allowPrivate) {
        return new ProviderHttp(new IdentityProviderSettings(allowPrivate, Duration.ofSeconds(2), Duration.ofMinutes(10)));
    }

    @Test
    void refusesPrivateAddressesAndPlainHttp() {
        ProviderHttp http = http(false);
        for (String url : List.of("https://localhost/realms/a", "https://127.0.0.1", "https://10.1.2.3/x",
                "https://192.168.0.10", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://100.64.0.1")) {
            assertThat(http.refuse(url)).as(url).hasValueSatisfying(why ->
                    assertThat(why).contains("Creditdesk connects to public addresses only"));
        }
        assertThat(http.refuse("http://93.184.216.34/")).contains("must be an https URL");
        assertThat(http.refuse("https://user:pw@93.184.216.34/")).hasValueSatisfying(why ->
                assertThat(why).contains("no user name"));
        assertThat(http.refuse("not a url at all")).isPresent();
        assertThat(http.refuse("https://93.184.216.34/realms/staff")).isEmpty();
    }

    @Test
    void theDiscoveryOfAMetadataAddressIsNeverFetched() {
        assertThatThrownBy(() -> http(false).discover("https://169.254.169.254"))
                .isInstanceOf(ProviderUnavailable.class)
                .hasMessageContaining("169.254.169.254 resolves to 169.254.169.254");
    }

    @Test
    void theOperatorMayAllowThem() {
        assertThat(http(true).refuse("http://127.0.0.1:8080/realms/test")).isEmpty();
        assertThat(http(true).refuse("ftp://127.0.0.1/")).contains("must be an https URL");
    }
}
