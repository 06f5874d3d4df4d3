package dev.creditdesk.intake;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.intake.*}: how support mailboxes are read (docs/intake.md, "Setting up the mailbox").
 *
 * @param pollInterval     the wait between two polls of a mailbox whose server has no IDLE
 * @param idleTimeout      how long one IMAP IDLE waits for new mail before the node checks again (servers
 *                         drop idle connections after 30 minutes, some after 10)
 * @param idle             whether to wait with IDLE where the server supports it
 * @param idleConnections  mailboxes one node keeps open with IDLE at once; the others are polled
 * @param lease            how long a claim on a mailbox lasts beyond the work in hand; a node that dies
 *                         leaves its mailboxes to the others after it
 * @param batchSize        mailboxes one pass claims
 * @param messagesPerPass  messages read from one mailbox in one pass; the rest follow at once
 * @param connectTimeout   connect and read timeout of the IMAP connection
 * @param maxBackoff       the longest wait after repeated failures (doubling from the poll interval)
 * @param initialLookback  on the first read of a folder, messages older than this are left alone
 * @param allowPrivateHosts accept hosts on loopback and private networks (tests, the demo, an intranet server)
 * @param nodeId           this node's name in claims; empty: host name and process id
 * @param maxRepliesPerSenderPerHour how many "details needed" replies one sender gets in an hour at
 *                         most: beyond it their requests wait for support unanswered (a guard against
 *                         mail loops with other robots)
 */
@ConfigurationProperties("creditdesk.intake")
public record IntakeSettings(
        @DefaultValue("60s") Duration pollInterval,
        @DefaultValue("10m") Duration idleTimeout,
        @DefaultValue("true") boolean idle,
        @DefaultValue("16") int idleConnections,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("10") int batchSize,
        @DefaultValue("100") int messagesPerPass,
        @DefaultValue("15s") Duration connectTimeout,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("7d") Duration initialLookback,
        @DefaultValue("false") boolean allowPrivateHosts,
        @DefaultValue("") String nodeId,
        @DefaultValue("3") int maxRepliesPerSenderPerHour) {

    public IntakeSettings {
        positive(pollInterval, "poll-interval");
        positive(idleTimeout, "idle-timeout");
        positive(connectTimeout, "connect-timeout");
        positive(maxBackoff, "max-backoff");
        if (idleTimeout.compareTo(Duration.ofMinutes(29)) > 0) {
            throw new IllegalArgumentException("creditdesk.intake.idle-timeout must be at most 29 minutes (RFC 2177)");
        }
        if (lease.compareTo(connectTimeout.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("creditdesk.intake.lease must be longer than twice the connect-timeout");
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("creditdesk.intake.batch-size must be between 1 and 1000");
        }
        if (messagesPerPass < 1 || messagesPerPass > 10_000) {
            throw new IllegalArgumentException("creditdesk.intake.messages-per-pass must be between 1 and 10000");
        }
        if (idleConnections < 0 || idleConnections > 1000) {
            throw new IllegalArgumentException("creditdesk.intake.idle-connections must be between 0 and 1000");
        }
        if (maxRepliesPerSenderPerHour < 0) {
            throw new IllegalArgumentException("creditdesk.intake.max-replies-per-sender-per-hour must be >= 0");
        }
        if (initialLookback.isNegative()) {
            throw new IllegalArgumentException("creditdesk.intake.initial-lookback must not be negative");
        }
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("creditdesk.intake." + name + " must be positive");
        }
    }
}
