package dev.creditdesk.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.intake.IntakeSettings;
import dev.creditdesk.intake.Mailbox;
import dev.creditdesk.intake.MailboxSecurity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hosts on private networks are refused before any connection, unless the operator allows them. */
class ImapConnectorTest {

    private static IntakeSettings settings(boolean allowPrivate) {
        return new IntakeSettings(Duration.ofMinutes(1), Duration.ofMinutes(10), true, 16, Duration.ofMinutes(2), 10,
                100, Duration.ofSeconds(15), Duration.ofHours(1), Duration.ofDays(7), allowPrivate, "", 3);
    }

    private static Mailbox mailbox(String host) {
        return new Mailbox(UUID.randomUUID(), host, 993, MailboxSecurity.SSL, "u", "INBOX", true, List.of(), List.of(),
                true, null, null, 0, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void refusesLoopbackPrivateAndLinkLocalHosts() {
        ImapConnector connector = new ImapConnector(settings(false));
        for (String host : List.of("localhost", "127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "::1",
                "100.64.0.1")) {
            assertThat(connector.refuseHost(host)).as(host).hasValueSatisfying(why ->
                    assertThat(why).contains("mailboxes must be on public addresses"));
        }
        assertThat(connector.refuseHost("93.184.216.34")).isEmpty();
        assertThatThrownBy(() -> connector.open(mailbox("127.0.0.1"), "secret-password"))
                .isInstanceOf(MailboxUnavailable.class)
                .hasMessage("127.0.0.1 is on a private, loopback or link-local network (127.0.0.1); mailboxes must be"
                        + " on public addresses");
    }

    @Test
    void theOperatorMayAllowThem() {
        assertThat(new ImapConnector(settings(true)).refuseHost("127.0.0.1")).isEmpty();
    }

    @Test
    void aServerMessageNeverCarriesThePassword() {
        assertThat(ImapConnector.redact("LOGIN failed for hunter2", "hunter2")).isEqualTo("LOGIN failed for ***");
    }
}
