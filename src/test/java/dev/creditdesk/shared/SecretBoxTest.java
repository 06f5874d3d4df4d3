package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY = "zzKU3SvMXRlRnc9uGWClykLO8F6P+pRYj2CLv6ZWwfo=";
    private static final String OTHER_KEY = "q6q0Y0xv3d8mRkKQ1l0r4wq0j8m3b2n9QkP6s1dE7hA=";

    @Test
    void sealsWithTheInstallationKeyAndOpensWhatTheWebhooksKeySealedBefore() {
        SecretBox webhooksOnly = new SecretBox("", KEY);
        String sealedEarlier = webhooksOnly.seal("app-password");
        assertThat(sealedEarlier).startsWith("aesgcm:").doesNotContain("app-password");
        assertThat(webhooksOnly.open(sealedEarlier)).isEqualTo("app-password");

        SecretBox both = new SecretBox(OTHER_KEY, KEY);
        assertThat(both.open(sealedEarlier)).as("sealed under the webhooks key").isEqualTo("app-password");
        String sealedNow = both.seal("app-password");
        assertThat(new SecretBox(OTHER_KEY, "").open(sealedNow)).as("sealed under the installation key")
                .isEqualTo("app-password");
        assertThatThrownBy(() -> webhooksOnly.open(sealedNow)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("app-password");
    }

    @Test
    void withoutAKeySecretsAreMarkedPlain() {
        SecretBox none = new SecretBox("", "");
        assertThat(none.encrypts()).isFalse();
        assertThat(none.seal("x")).isEqualTo("plain:x");
        assertThat(none.open("plain:x")).isEqualTo("x");
        assertThatThrownBy(() -> new SecretBox("c2hvcnQ=", "")).hasMessageContaining("creditdesk.encryption-key");
    }
}
