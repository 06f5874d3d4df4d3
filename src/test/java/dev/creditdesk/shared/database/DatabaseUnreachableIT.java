package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.CreditdeskApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** An external database that cannot be reached stops the start with what was tried and what to check, briefly. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnreachableIT {

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void start(String url, String password) {
        new SpringApplicationBuilder(CreditdeskApplication.class)
                .properties("server.port=0", "creditdesk.jobs.enabled=false", "creditdesk.demo.enabled=false",
                        "creditdesk.database.url=" + url, "creditdesk.database.user=creditdesk",
                        "creditdesk.database.password=" + password)
                .run();
    }

    @Test
    void aClosedPortIsOneLineNamingTheUrlAndWhatToCheck(CapturedOutput output) throws IOException {
        String url = "jdbc:postgresql://localhost:" + closedPort() + "/creditdesk";

        assertThatThrownBy(() -> start(url, "hunter2")).hasRootCauseInstanceOf(java.net.ConnectException.class);

        assertThat(output.getAll()).contains("cannot connect to " + url + ": connection refused or timed out")
                .contains("check that PostgreSQL is running and that its host and port in creditdesk.database.url "
                        + "(CREDITDESK_DATABASE_URL) are reachable from this machine")
                .doesNotContain("hunter2")
                .doesNotContain("\tat ");
        // the whole start, Spring's lines included, was 159 lines with a stack trace
        assertThat(output.getAll().lines().count()).isLessThan(30);
    }

    @Test
    void anUnknownHostAndAWrongPasswordSayWhatToCheck(CapturedOutput output, @TempDir Path dir) {
        String unknown = "jdbc:postgresql://no-such-host.invalid:5432/creditdesk";
        assertThatThrownBy(() -> start(unknown, "hunter2")).isNotNull();
        assertThat(output.getAll()).contains("cannot connect to " + unknown + ": unknown host")
                .doesNotContain("\tat ");

        try (EmbeddedPostgresServer protectedServer = EmbeddedPostgresServer.start(dir, 0, true, false, "right")) {
            String url = protectedServer.jdbcUrl("postgres").replaceFirst("\\?.*", "");
            assertThatThrownBy(() -> start(url + "?password=in-the-url", "wrong")).isNotNull();
            assertThat(output.getAll()).contains("cannot connect to " + url + "?password=***: authentication failed "
                    + "for user 'creditdesk'").doesNotContain("in-the-url").doesNotContain("\tat ");
        }
    }
}
