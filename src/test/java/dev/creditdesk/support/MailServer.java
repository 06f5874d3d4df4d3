package dev.creditdesk.support;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

/**
 * One GreenMail per test JVM: SMTP (the application sends real email to it), IMAP and IMAPS
 * (self-signed: a TLS client refuses it) for the support mailboxes the intake poller reads.
 * Each test makes its own {@link #newMailbox() mailbox user}, so tests never read each other's mail.
 */
public final class MailServer {

    private static GreenMail server;

    private MailServer() {
    }

    public static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(),
                    ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.IMAPS.dynamicPort()});
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "greenmail-stop"));
        }
        return server;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }

    public static int imapPort() {
        return server().getImap().getPort();
    }

    public static int imapsPort() {
        return server().getImaps().getPort();
    }

    /** An IMAP user of its own: address, login and password. */
    public record Mailbox(String address, String login, String password, GreenMailUser user) {

        /** Puts a raw RFC 5322 message in the user's INBOX, as if it had arrived. */
        public void deliver(String raw) {
            try {
                user.deliver(new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Mailbox newMailbox() {
        String login = "support-" + UUID.randomUUID();
        String address = login + "@mail.test";
        String password = "pw-" + UUID.randomUUID();
        return new Mailbox(address, login, password, server().setUser(address, login, password));
    }
}
