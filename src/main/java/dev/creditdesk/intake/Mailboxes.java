package dev.creditdesk.intake;

import dev.creditdesk.intake.internal.ImapConnector;
import dev.creditdesk.intake.internal.ImapSession;
import dev.creditdesk.intake.internal.MailboxStore;
import dev.creditdesk.intake.internal.MailboxUnavailable;
import dev.creditdesk.intake.internal.PatternCheck;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.SecretBox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each tenant's support mailbox: its settings, checked (a host on a public network, a port, a
 * security, credentials, a folder, parse patterns that are safe to run), saved with the password
 * sealed, and a test that connects with them and says in words what went wrong.
 */
@Service
public class Mailboxes {

    public static final String DEFAULT_FOLDER = "INBOX";
    static final int MAX_HOST = 253;
    static final int MAX_USERNAME = 320;
    static final int MAX_PASSWORD = 1024;
    static final int MAX_FOLDER = 255;
    private static final Pattern HOST = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?)$");

    private final MailboxStore store;
    private final ImapConnector imap;
    private final SecretBox secrets;
    private final Clock clock;

    Mailboxes(MailboxStore store, ImapConnector imap, SecretBox secrets, Clock clock) {
        this.store = store;
        this.imap = imap;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Optional<Mailbox> find(UUID tenantId) {
        return store.find(tenantId).map(MailboxStore.Row::mailbox);
    }

    public Mailbox require(UUID tenantId) {
        return find(tenantId).orElseThrow(Mailboxes::none);
    }

    /** Creates or replaces the tenant's mailbox; a password left out keeps the saved one. */
    @Transactional
    public Mailbox save(UUID tenantId, MailboxDraft draft) {
        Optional<MailboxStore.Row> current = store.lock(tenantId);
        List<FieldProblem> errors = new ArrayList<>();
        String host = host(draft.host(), errors);
        MailboxSecurity security = MailboxSecurity.SSL;
        if (draft.security() != null) {
            security = MailboxSecurity.fromWireName(draft.security()).orElse(null);
            if (security == null) {
                errors.add(new FieldProblem("security", "must be ssl, starttls or none"));
                security = MailboxSecurity.SSL;
            }
        }
        int port = draft.port() == null ? security.defaultPort() : draft.port();
        if (port < 1 || port > 65535) {
            errors.add(new FieldProblem("port", "must be between 1 and 65535"));
        }
        String username = Fields.requiredText(draft.username(), "username", MAX_USERNAME, errors);
        String sealed = null;
        if (draft.password() == null) {
            if (current.isEmpty()) {
                errors.add(new FieldProblem("password", "is required (an app password for most providers)"));
            } else {
                sealed = current.get().sealedPassword();
            }
        } else if (draft.password().isEmpty()) {
            errors.add(new FieldProblem("password", "must not be empty (leave it out to keep the saved one)"));
        } else if (draft.password().length() > MAX_PASSWORD) {
            errors.add(new FieldProblem("password", "must be at most " + MAX_PASSWORD + " characters"));
        } else {
            sealed = secrets.seal(draft.password());
        }
        String folder = draft.folder() == null ? DEFAULT_FOLDER
                : Fields.requiredText(draft.folder(), "folder", MAX_FOLDER, errors);
        if (folder != null && folder.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldProblem("folder", "must not contain control characters"));
        }
        List<String> orderPatterns = PatternCheck.check(draft.orderPatterns(), "order_patterns", errors);
        List<String> transactionPatterns = PatternCheck.check(draft.transactionPatterns(), "transaction_patterns",
                errors);
        Fields.throwIfAny(errors);
        Instant now = clock.instant();
        Mailbox mailbox = new Mailbox(tenantId, host, port, security, username, folder,
                draft.enabled() == null || draft.enabled(), orderPatterns, transactionPatterns,
                draft.dayFirst() == null || draft.dayFirst(), null, null, 0, now, now);
        boolean moved = current.map(row -> !row.mailbox().host().equalsIgnoreCase(host) || row.mailbox().port() != port
                || !row.mailbox().username().equals(username) || !row.mailbox().folder().equals(mailbox.folder()))
                .orElse(false);
        store.save(mailbox, sealed, current.isEmpty(), moved, now);
        return require(tenantId);
    }

    @Transactional
    public void delete(UUID tenantId) {
        if (!store.delete(tenantId)) {
            throw none();
        }
    }

    /** Connects with the saved settings, logs in and opens the folder; says what went wrong in words. */
    public ConnectionCheck test(UUID tenantId) {
        MailboxStore.Row row = store.find(tenantId).orElseThrow(Mailboxes::none);
        String password;
        try {
            password = secrets.open(row.sealedPassword());
        } catch (IllegalStateException e) {
            return ConnectionCheck.failed("The saved password cannot be decrypted (was creditdesk.encryption-key"
                    + " changed?); save the password again");
        }
        try (ImapSession session = imap.open(row.mailbox(), password)) {
            session.uidValidity();
            return ConnectionCheck.passed();
        } catch (MailboxUnavailable e) {
            return ConnectionCheck.failed(e.getMessage());
        } catch (Exception e) {
            return ConnectionCheck.failed("The server answered something unexpected: "
                    + e.getClass().getSimpleName());
        }
    }

    private String host(String value, List<FieldProblem> errors) {
        String host = Fields.requiredText(value, "host", MAX_HOST, errors);
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
            errors.add(new FieldProblem("host", "must be a host name such as imap.example.com, or an IP address"));
            return host;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        imap.refuseHost(bare).ifPresent(why -> errors.add(new FieldProblem("host", why)));
        return bare;
    }

    private static ApiProblem none() {
        return new ApiProblem(404, "not-found", "Not found",
                "This tenant has no support mailbox; create one with PUT /v1/mailbox");
    }
}
