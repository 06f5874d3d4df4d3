package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.IntakeSettings;
import dev.creditdesk.intake.Mailbox;
import dev.creditdesk.intake.MailboxSecurity;
import dev.creditdesk.shared.PublicAddresses;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.springframework.stereotype.Component;

/**
 * Opens a tenant's mailbox: refuses hosts on private networks (unless allowed), connects with the
 * chosen security, logs in, and opens the folder read-only, so Creditdesk never changes what support
 * staff see (flags, unread state, folders). Every failure becomes a {@link MailboxUnavailable} whose
 * message says what went wrong in words, never with the password.
 */
@Component
public class ImapConnector {

    static final String APP_PASSWORD_HINT = "Gmail, Outlook and iCloud need an app password: see docs/intake.md";

    private final IntakeSettings settings;

    ImapConnector(IntakeSettings settings) {
        this.settings = settings;
    }

    /** Why Creditdesk may not connect to {@code host}, judged on every address it resolves to; empty if it may. */
    public Optional<String> refuseHost(String host) {
        if (settings.allowPrivateHosts()) {
            return Optional.empty();
        }
        return PublicAddresses.firstNonPublic(host).map(address -> host + " is on a private, loopback or "
                + "link-local network (" + address.getHostAddress() + "); mailboxes must be on public addresses");
    }

    public ImapSession open(Mailbox mailbox, String password) throws MailboxUnavailable {
        String where = mailbox.host() + ":" + mailbox.port();
        Optional<String> refused = refuseHost(mailbox.host());
        if (refused.isPresent()) {
            throw new MailboxUnavailable(refused.get(), null);
        }
        String protocol = mailbox.security() == MailboxSecurity.SSL ? "imaps" : "imap";
        Properties properties = new Properties();
        String timeout = Long.toString(settings.connectTimeout().toMillis());
        properties.put("mail." + protocol + ".connectiontimeout", timeout);
        properties.put("mail." + protocol + ".timeout", timeout);
        properties.put("mail." + protocol + ".writetimeout", timeout);
        if (mailbox.security() == MailboxSecurity.STARTTLS) {
            properties.put("mail.imap.starttls.enable", "true");
            properties.put("mail.imap.starttls.required", "true");
        }
        if (mailbox.security() != MailboxSecurity.NONE) {
            properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        Session session = Session.getInstance(properties);
        IMAPStore store;
        try {
            store = (IMAPStore) session.getStore(protocol);
        } catch (MessagingException e) {
            throw new MailboxUnavailable("IMAP is not available in this installation", e);
        }
        try {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), password);
        } catch (AuthenticationFailedException e) {
            closeQuietly(store);
            String said = e.getMessage() == null || e.getMessage().isBlank() ? ""
                    : " (it said: " + redact(e.getMessage().strip(), password) + ")";
            throw new MailboxUnavailable("The server refused the user name or password" + said + ". "
                    + APP_PASSWORD_HINT, e);
        } catch (MessagingException e) {
            closeQuietly(store);
            throw new MailboxUnavailable(connectProblem(e, mailbox, where, password), e);
        }
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder(mailbox.folder());
            if (!folder.exists()) {
                throw new MailboxUnavailable("The folder " + mailbox.folder() + " does not exist"
                        + folderNames(store), null);
            }
            folder.open(Folder.READ_ONLY);
            return new ImapSession(store, folder);
        } catch (MessagingException e) {
            closeQuietly(store);
            throw new MailboxUnavailable("The server would not open the folder " + mailbox.folder() + ": "
                    + redact(String.valueOf(e.getMessage()), password), e);
        } catch (MailboxUnavailable e) {
            closeQuietly(store);
            throw e;
        }
    }

    private static String connectProblem(MessagingException e, Mailbox mailbox, String where, String password) {
        Throwable cause = rootCause(e);
        if (cause instanceof UnknownHostException) {
            return "The host name " + mailbox.host() + " does not resolve (check its spelling)";
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof SocketTimeoutException) {
            return "No server answers at " + where;
        }
        SSLException tls = tlsProblem(e);
        if (tls != null) {
            String said = String.valueOf(tls.getMessage());
            if (said.contains("PKIX") || said.contains("certification path")) {
                return "TLS handshake failed: the server's certificate is not trusted (self-signed, expired, or from"
                        + " an unknown authority)";
            }
            if (said.contains("No subject alternative") || said.contains("doesn't match")) {
                return "TLS handshake failed: the server's certificate is not for " + mailbox.host();
            }
            String hint = mailbox.security() == MailboxSecurity.SSL
                    ? " (is " + mailbox.port() + " a TLS port? ssl is usually 993, starttls 143)" : "";
            return "TLS handshake failed: " + redact(said, password) + hint;
        }
        String said = redact(String.valueOf(e.getMessage()), password);
        if (said.toLowerCase().contains("starttls")) {
            return "The server at " + where + " does not offer STARTTLS; choose ssl (usually port 993) or ask its"
                    + " administrator";
        }
        if (cause instanceof IOException) {
            return "The connection to " + where + " failed: " + redact(String.valueOf(cause.getMessage()), password);
        }
        return "The server at " + where + " answered: " + said;
    }

    private static String folderNames(IMAPStore store) {
        try {
            List<String> names = new ArrayList<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                if (names.size() == 10) {
                    names.add("…");
                    break;
                }
                names.add(f.getFullName());
            }
            return names.isEmpty() ? "" : " (the server has: " + String.join(", ", names) + ")";
        } catch (MessagingException e) {
            return "";
        }
    }

    private static SSLException tlsProblem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return tls;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The text without the password, should a server ever echo it back. */
    static String redact(String text, String password) {
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    static void closeQuietly(IMAPStore store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // closing a connection that already failed
        }
    }
}
