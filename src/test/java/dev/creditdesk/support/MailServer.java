package dev.creditdesk.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

/** One GreenMail SMTP server per test JVM; the application sends real email to it. */
public final class MailServer {

    private static GreenMail server;

    private MailServer() {
    }

    public static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "greenmail-stop"));
        }
        return server;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }
}
