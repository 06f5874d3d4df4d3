package dev.creditdesk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.Mailboxes;
import dev.creditdesk.intake.internal.MailboxPoller;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.tenants.Tenants;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's mail server: a tenant's support mailbox on it, the README's sample message sent to it
 * over SMTP (as curl would), read by the poller over IMAP.
 */
class DemoMailIT extends IntegrationTest {

    @Autowired Tenants tenants;
    @Autowired Mailboxes mailboxes;
    @Autowired MailboxPoller poller;
    @Autowired JdbcClient jdbc;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theSampleMessageSentToTheDemoServerIsReadFromTheTenantsMailbox() throws Exception {
        TestTenant tenant = newTenant();
        DemoMailSettings settings = new DemoMailSettings(true, freePort(), freePort(), "demo");
        DemoMail demo = new DemoMail(tenants, mailboxes, settings);
        try {
            String domain = "demo-" + UUID.randomUUID() + ".example";
            demo.connect(tenant.id(), domain, List.of("customer@" + domain));
            Api.Response mailbox = api.get("/v1/mailbox", tenant.adminKey());
            assertThat(mailbox.text("host")).isEqualTo("127.0.0.1");
            assertThat(mailbox.text("username")).isEqualTo("support@" + domain);
            assertThat(api.post("/v1/mailbox/test", tenant.adminKey(), null).body().get("ok").asBoolean()).isTrue();

            Properties smtp = new Properties();
            smtp.put("mail.smtp.host", "127.0.0.1");
            smtp.put("mail.smtp.port", Integer.toString(settings.smtpPort()));
            Session session = Session.getInstance(smtp);
            MimeMessage sample;
            try (InputStream in = Files.newInputStream(Path.of("demo", "refund-request.eml"))) {
                sample = new MimeMessage(session, in);
            }
            Transport.send(sample, new InternetAddress[] {new InternetAddress("support@" + domain)});

            Jobs.drain(poller::pass);
            assertThat(jdbc.sql("select subject from inbound_messages where tenant_id = :t")
                    .param("t", tenant.id()).query(String.class).list()).containsExactly("Refund Request");

            demo.connect(tenant.id(), domain, List.of());
            assertThat(jdbc.sql("select last_uid from mailboxes where tenant_id = :t").param("t", tenant.id())
                    .query(Long.class).single()).as("a restart starts the folder over").isZero();
        } finally {
            demo.stop();
            api.delete("/v1/mailbox", tenant.adminKey());
        }
    }
}
