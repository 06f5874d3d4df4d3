package dev.creditdesk.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.demo.mail.*}: the demo's own mail server (GreenMail, in memory, on 127.0.0.1),
 * so the quick start shows refund requests by email without a real mailbox.
 *
 * @param enabled  start it with the demo ({@code creditdesk.demo.enabled})
 * @param smtpPort where mail is sent to it (the demo's outgoing mail too, unless spring.mail.host is set)
 * @param imapPort where its mailboxes are read
 * @param password every demo mailbox's password
 */
@ConfigurationProperties("creditdesk.demo.mail")
record DemoMailSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("3025") int smtpPort,
        @DefaultValue("3143") int imapPort,
        @DefaultValue("demo") String password) {
}
