package dev.creditdesk.intake.internal;

import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.jspecify.annotations.Nullable;

/** One open connection to a mailbox's folder (read-only). */
public class ImapSession implements AutoCloseable {

    private static final ScheduledExecutorService WAKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "imap-idle-waker");
        thread.setDaemon(true);
        return thread;
    });

    /** A message of the folder, by UID; its bytes are read when asked for. */
    public record Item(long uid, @Nullable Instant receivedAt, IMAPMessage message) {
        public byte[] raw() throws MessagingException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        }
    }

    private final IMAPStore store;
    private final IMAPFolder folder;
    private int countAtRead;

    ImapSession(IMAPStore store, IMAPFolder folder) {
        this.store = store;
        this.folder = folder;
    }

    public long uidValidity() throws MessagingException {
        return folder.getUIDValidity();
    }

    /** The messages whose UID is above {@code lastUid}, oldest first, at most {@code limit}. */
    public List<Item> after(long lastUid, int limit) throws MessagingException {
        countAtRead = folder.getMessageCount();
        Message[] found = folder.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.ENVELOPE);
        folder.fetch(found, profile);
        List<Item> items = new ArrayList<>();
        for (Message message : found) {
            if (message == null) {
                continue;
            }
            long uid = folder.getUID(message);
            // "n:*" names the last message even when its UID is below n
            if (uid > lastUid) {
                items.add(new Item(uid, message.getReceivedDate() == null ? null
                        : message.getReceivedDate().toInstant(), (IMAPMessage) message));
            }
        }
        items.sort(Comparator.comparingLong(Item::uid));
        return items.size() > limit ? List.copyOf(items.subList(0, limit)) : items;
    }

    /**
     * Whether mail arrived since the last {@link #after} read. Asked right before IDLE: some servers
     * (GreenMail among them) do not announce at the start of IDLE mail that came just before it, so
     * a NOOP makes them tell first.
     */
    public boolean arrivedSinceRead() throws MessagingException {
        folder.doCommand(protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
        });
        return folder.getMessageCount() > countAtRead;
    }

    public boolean supportsIdle() throws MessagingException {
        return store.hasCapability("IDLE");
    }

    /**
     * Waits with IMAP IDLE until the server reports a change in the folder (new mail) or
     * {@code timeout} passes, whichever comes first.
     */
    public void idle(Duration timeout) throws MessagingException {
        ScheduledFuture<?> wake = WAKER.schedule(this::interruptIdle, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            folder.idle(true);
        } finally {
            wake.cancel(false);
        }
    }

    /** Ends a running IDLE: any command on the folder makes the client send DONE first. */
    public void interruptIdle() {
        try {
            folder.doCommand(protocol -> {
                protocol.simpleCommand("NOOP", null);
                return null;
            });
        } catch (MessagingException e) {
            // the connection is gone: the idle ends with it
        }
    }

    @Override
    public void close() {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException e) {
            // already closed by the server
        }
        ImapConnector.closeQuietly(store);
    }
}
