package dev.creditdesk.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailSenderTest {

    @Test
    void aFailedSendIsLoggedWithoutTheAddressesTheServerRepeated() {
        assertThat(EmailSender.withoutAddresses(
                "Failed messages: jakarta.mail.SendFailedException: Invalid Addresses; 550 5.1.1 <bob@example.com>... User unknown"))
                .isEqualTo("Failed messages: jakarta.mail.SendFailedException: Invalid Addresses; 550 5.1.1 <<address>>... User unknown")
                .doesNotContain("bob");
        assertThat(EmailSender.withoutAddresses("Connection refused")).isEqualTo("Connection refused");
        assertThat(EmailSender.withoutAddresses(null)).isNull();
    }
}
