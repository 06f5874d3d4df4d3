package dev.creditdesk.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.creditdesk.intake.Mailbox;
import dev.creditdesk.intake.MailboxDraft;
import dev.creditdesk.intake.Mailboxes;
import dev.creditdesk.tenants.Tenants;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's mail server: GreenMail (SMTP and IMAP, in memory, on 127.0.0.1) started with the demo,
 * each demo tenant's support mailbox on it ({@code support@<tenant>.example}), and the demo
 * customers' mailboxes, where Creditdesk's answers arrive. Mail is gone when the server stops.
 */
@Component
@ConditionalOnExpression("${creditdesk.demo.enabled:false} and ${creditdesk.demo.mail.enabled:true}")
@EnableConfigurationProperties(DemoMailSettings.class)
class DemoMail {

    private static final Logger log = LoggerFactory.getLogger(DemoMail.class);
    static final String HOST = "127.0.0.1";

    private final Tenants tenants;
    private final Mailboxes mailboxes;
    private final DemoMailSettings settings;
    private final GreenMail server;
    private final boolean running;

    DemoMail(Tenants tenants, Mailboxes mailboxes, DemoMailSettings settings) {
        this.tenants = tenants;
        this.mailboxes = mailboxes;
        this.settings = settings;
        this.server = new GreenMail(new ServerSetup[] {new ServerSetup(settings.smtpPort(), HOST, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(settings.imapPort(), HOST, ServerSetup.PROTOCOL_IMAP)});
        boolean started;
        try {
            server.start();
            started = true;
        } catch (RuntimeException e) {
            log.warn("The demo mail server could not start on SMTP {} / IMAP {} (another node on this machine?): {}",
                    settings.smtpPort(), settings.imapPort(), e.getMessage());
            started = false;
        }
        running = started;
        if (running) {
            // before the poller's first pass, which may come before the application is ready
            for (DemoData.DemoTenant demo : DemoData.TENANTS) {
                createUser("support@" + demo.name() + ".example");
                createUser("customer@" + demo.name() + ".example");
            }
            createUser("ada@customers.example");
        }
    }

    /** After the demo tenants exist: their support mailboxes on this server, and their customers' mailboxes. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(2)
    void connectDemoTenants() {
        if (!running) {
            return;
        }
        for (DemoData.DemoTenant demo : DemoData.TENANTS) {
            tenants.findByName(demo.name()).ifPresent(tenant -> connect(tenant.id(), demo.name() + ".example",
                    List.of("customer@" + demo.name() + ".example")));
        }
        log.info("\n\n  Demo mail server: SMTP 127.0.0.1:{}, IMAP 127.0.0.1:{} (every password: {}).\n"
                + "  Send a refund request to support@demo-tiered.example and read the answers in"
                + " customer@demo-tiered.example's INBOX: see README, \"Try email intake\".\n",
                settings.smtpPort(), settings.imapPort(), settings.password());
    }

    /**
     * Gives the tenant {@code support@<domain>} on this server as its mailbox (again at every start:
     * the server forgets its mail, so the position in the folder starts over), unless an admin
     * pointed the tenant at another mailbox.
     */
    void connect(UUID tenantId, String domain, List<String> customers) {
        String support = "support@" + domain;
        createUser(support);
        customers.forEach(this::createUser);
        Optional<Mailbox> current = mailboxes.find(tenantId);
        if (current.isPresent() && !(current.get().host().equals(HOST) && current.get().port() == settings.imapPort())) {
            return;
        }
        current.ifPresent(m -> mailboxes.delete(tenantId));
        mailboxes.save(tenantId, new MailboxDraft(HOST, settings.imapPort(), "none", support, settings.password(),
                "INBOX", true, null, null, null));
    }

    private void createUser(String address) {
        server.setUser(address, address, settings.password());
    }

    @PreDestroy
    void stop() {
        if (running) {
            server.stop();
        }
    }
}
