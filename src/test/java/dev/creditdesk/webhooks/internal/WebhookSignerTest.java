package dev.creditdesk.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.shared.SecretBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** The test vector the Standard Webhooks reference libraries publish. */
    @Test
    void reproducesTheSpecificationsTestVector() {
        assertThat(WebhookSigner.signatures("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}",
                List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsOncePerSecretSpaceSeparated() {
        String two = WebhookSigner.signatures("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}",
                List.of(SecretBox.newSecret(), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThat(two.split(" ")).hasSize(2);
        assertThat(two).endsWith(" v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
