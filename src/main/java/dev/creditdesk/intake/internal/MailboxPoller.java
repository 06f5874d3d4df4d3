package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.InboundMail;
import dev.creditdesk.intake.IntakeSettings;
import dev.creditdesk.shared.SecretBox;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads every enabled support mailbox. A pass claims the mailboxes that are due (one node at a
 * time holds a mailbox: {@link MailboxStore#claimDue}), and for each reads the messages above the
 * last processed UID of the folder's UIDVALIDITY, oldest first: the raw bytes go to
 * {@link InboundMail#receive} (its own transaction), and only once it has returned is the UID
 * recorded as processed. A crash in between reads the message again on the next pass, which answers
 * DUPLICATE: nothing is lost and nothing is done twice. A mailbox that fails records why, waits
 * longer each time (up to {@code max-backoff}), and never holds the others back.
 * <p>
 * Where the server has IDLE, the node keeps the connection after the pass and waits for new mail
 * with it (at most {@code idle-timeout} per wait, renewing its claim), up to {@code idle-connections}
 * mailboxes at once; the others are polled every {@code poll-interval}.
 */
@Component
public class MailboxPoller {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);
    static final int MAX_ERROR_LENGTH = 500;

    private final MailboxStore store;
    private final ImapConnector imap;
    private final InboundMail inbound;
    private final SecretBox secrets;
    private final IntakeSettings settings;
    private final Clock clock;
    private final String node;
    private final ExecutorService watchers;
    private final Map<UUID, ImapSession> watching = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    @Autowired
    MailboxPoller(MailboxStore store, ImapConnector imap, InboundMail inbound, SecretBox secrets,
            IntakeSettings settings, Clock clock) {
        this(store, imap, inbound, secrets, settings, clock,
                settings.nodeId().isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : settings.nodeId());
    }

    MailboxPoller(MailboxStore store, ImapConnector imap, InboundMail inbound, SecretBox secrets,
            IntakeSettings settings, Clock clock, String node) {
        this.store = store;
        this.imap = imap;
        this.inbound = inbound;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
        this.node = node;
        this.watchers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "mailbox-idle");
            thread.setDaemon(true);
            return thread;
        });
    }

    public String node() {
        return node;
    }

    @Scheduled(fixedDelayString = "${creditdesk.jobs.intake-delay:PT5S}")
    public int run() {
        return pass();
    }

    /** Claims the due mailboxes and reads each; answers how many it read (well or not). */
    public int pass() {
        List<MailboxStore.Row> claimed = claim();
        for (MailboxStore.Row row : claimed) {
            poll(row);
        }
        return claimed.size();
    }

    /** Claims the due mailboxes for this node, for one lease. */
    public List<MailboxStore.Row> claim() {
        Instant now = clock.instant();
        return store.claimDue(node, now, now.plus(settings.lease()), settings.batchSize());
    }

    /** Gives up this node's claim on a mailbox, due again at once. */
    public void release(UUID tenantId) {
        store.release(tenantId, node, clock.instant());
    }

    private void poll(MailboxStore.Row row) {
        UUID tenantId = row.tenantId();
        ImapSession session = null;
        try {
            session = imap.open(row.mailbox(), secrets.open(row.sealedPassword()));
            boolean more = read(row, session);
            Instant now = clock.instant();
            if (!more && settings.idle() && !stopped && session.supportsIdle() && watch(row, session)) {
                session = null;
                return;
            }
            store.succeeded(tenantId, node, now, more ? now : now.plus(settings.pollInterval()), null);
        } catch (Exception e) {
            failed(row, e);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /**
     * Receives the new messages of the folder (at most {@code messages-per-pass}); answers whether
     * more are waiting. Each UID is marked processed only after {@link InboundMail#receive} returned.
     */
    boolean read(MailboxStore.Row row, ImapSession session) throws Exception {
        UUID tenantId = row.tenantId();
        long validity = session.uidValidity();
        boolean firstRead = row.uidValidity() == null || row.uidValidity() != validity;
        long lastUid = firstRead ? 0 : row.lastUid();
        Instant cutoff = clock.instant().minus(settings.initialLookback());
        List<ImapSession.Item> items = session.after(lastUid, settings.messagesPerPass());
        for (ImapSession.Item item : items) {
            boolean tooOld = firstRead && item.receivedAt() != null && item.receivedAt().isBefore(cutoff);
            if (!tooOld) {
                try {
                    inbound.receive(tenantId, item.raw());
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Message UID " + item.uid() + " could not be stored: "
                            + e.getMessage(), e);
                }
            }
            if (!store.markProcessed(tenantId, node, validity, item.uid())) {
                throw new LostClaim();
            }
        }
        if (firstRead && items.isEmpty()) {
            store.markProcessed(tenantId, node, validity, 0);
        }
        return items.size() == settings.messagesPerPass();
    }

    /** Hands the open session to a watcher that waits with IDLE; false when this node watches enough. */
    private boolean watch(MailboxStore.Row row, ImapSession session) {
        if (watching.size() >= settings.idleConnections() || watching.putIfAbsent(row.tenantId(), session) != null) {
            return false;
        }
        Instant now = clock.instant();
        store.succeeded(row.tenantId(), node, now, now.plus(settings.pollInterval()),
                now.plus(settings.idleTimeout()).plus(settings.lease()));
        try {
            watchers.execute(() -> idleLoop(row, session));
            return true;
        } catch (RejectedExecutionException e) {
            watching.remove(row.tenantId());
            return false;
        }
    }

    private void idleLoop(MailboxStore.Row watched, ImapSession session) {
        UUID tenantId = watched.tenantId();
        MailboxStore.Row row = watched;
        try {
            while (!stopped) {
                Instant now = clock.instant();
                if (!store.renew(tenantId, node, now.plus(settings.idleTimeout()).plus(settings.lease()))) {
                    return;
                }
                row = store.find(tenantId).orElse(null);
                if (row == null || !row.mailbox().enabled()) {
                    return;
                }
                boolean more = read(row, session);
                now = clock.instant();
                store.succeeded(tenantId, node, now, now.plus(settings.pollInterval()),
                        now.plus(settings.idleTimeout()).plus(settings.lease()));
                if (!more && !stopped && !session.arrivedSinceRead()) {
                    session.idle(settings.idleTimeout());
                }
            }
        } catch (Exception e) {
            if (!stopped && row != null) {
                failed(row, e);
            }
        } finally {
            watching.remove(tenantId);
            session.close();
            store.release(tenantId, node, clock.instant());
        }
    }

    private void failed(MailboxStore.Row row, Exception e) {
        if (e instanceof LostClaim) {
            log.info("Mailbox of tenant {} was taken over or changed while this node read it", row.tenantId());
            return;
        }
        String problem = e instanceof MailboxUnavailable ? e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (problem.length() > MAX_ERROR_LENGTH) {
            problem = problem.substring(0, MAX_ERROR_LENGTH - 1) + "…";
        }
        log.warn("Mailbox of tenant {} failed: {}", row.tenantId(), problem);
        Instant now = clock.instant();
        store.failed(row.tenantId(), node, now, problem, now.plus(backoff(row.mailbox().failures() + 1)));
    }

    /** The wait after {@code failures} failures in a row: the poll interval, doubled each time, at most max-backoff. */
    Duration backoff(int failures) {
        Duration wait = settings.pollInterval();
        for (int i = 1; i < failures && wait.compareTo(settings.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    /** Whether this node is waiting on the tenant's mailbox with IDLE. */
    public boolean watches(UUID tenantId) {
        return watching.containsKey(tenantId);
    }

    /** Ends every IDLE wait and gives the mailboxes back; called on shutdown. */
    @PreDestroy
    public void stop() {
        stopped = true;
        watching.values().forEach(ImapSession::interruptIdle);
        watchers.shutdown();
    }

    /** This node's claim on a mailbox ended while it read it (new settings, or another node took over). */
    static final class LostClaim extends Exception {
        LostClaim() {
            super("the claim on the mailbox was lost", null, false, false);
        }
    }
}
