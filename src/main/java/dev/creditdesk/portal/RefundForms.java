package dev.creditdesk.portal;

import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.portal.internal.PendingRequestStore;
import dev.creditdesk.portal.internal.PendingRequestStore.File;
import dev.creditdesk.portal.internal.PendingRequestStore.Pending;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refund requests sent through the hosted form. A submission is kept pending and a single-use link
 * is mailed to the account email it gives; only following that link opens the case (through
 * {@link RefundIntake}, as actor {@value #ACTOR}), with the files as its evidence. The form's
 * answer is the same whether or not the email or order exists: the check happens at confirmation,
 * after the customer proved the address.
 */
@Service
public class RefundForms {

    /** Who opens cases from the form, in the case's history. */
    public static final String ACTOR = "form";

    /** What the customer filled in (already checked field by field). */
    public record Submission(String email, String orderNumber, String transactionId, LocalDate purchaseDate,
            String category, String reason, UUID taskId, String evidenceKind, List<Upload> files) {
    }

    /** One file from the form, already checked as an evidence upload would be. */
    public record Upload(String filename, String contentType, byte[] data) {
    }

    /** Where a confirmation link stands. */
    public sealed interface Confirmation {
    }

    /** Pending: the customer may confirm it. */
    public record Ready(String order) implements Confirmation {
    }

    /** Used just now: the case it opened. */
    public record Opened(UUID caseId) implements Confirmation {
    }

    /** Used before: the case it opened then. */
    public record Used(UUID caseId) implements Confirmation {
    }

    /** Used, and no case could be opened: why, in the API's words. */
    public record Refused(String why) implements Confirmation {
    }

    public record Expired() implements Confirmation {
    }

    public record Unknown() implements Confirmation {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PendingRequestStore store;
    private final RefundIntake intake;
    private final RefundRequests requests;
    private final Notifications notifications;
    private final PortalSettings settings;
    private final PublicUrl publicUrl;
    private final Clock clock;

    RefundForms(PendingRequestStore store, RefundIntake intake, RefundRequests requests, Notifications notifications,
            PortalSettings settings, PublicUrl publicUrl, Clock clock) {
        this.store = store;
        this.intake = intake;
        this.requests = requests;
        this.notifications = notifications;
        this.settings = settings;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Keeps the submission and mails the confirmation link to its email. */
    @Transactional
    public void submit(UUID tenantId, Submission submission) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = clock.instant();
        Pending pending = new Pending(tenantId, Ids.newId(clock), submission.email().toLowerCase(Locale.ROOT),
                submission.orderNumber(), submission.transactionId(), submission.purchaseDate(), submission.category(),
                submission.reason(), submission.taskId(), submission.evidenceKind(), PendingRequestStore.Status.PENDING,
                null, null, now, now.plus(settings.confirmationLifetime()));
        store.insert(pending, sha256(token), submission.files().stream()
                .map(f -> new File(f.filename(), f.contentType(), f.data())).toList());
        notifications.queue(tenantId, "confirm_request", pending.email(), Map.of(
                "order", order(pending),
                "confirm_url", publicUrl.of("/portal/" + tenantId + "/confirm/" + token),
                "hours", Long.toString(settings.confirmationLifetime().toHours())), null);
    }

    /** What the link {@code token} finds, without using it. */
    public Confirmation look(UUID tenantId, String token) {
        return state(store.findByToken(tenantId, sha256(token)));
    }

    /**
     * Uses the link: opens the case with the files as evidence, all in one transaction. A refusal
     * by intake (no such order for this email, a wrong purchase date…) propagates as the API's
     * problem, nothing changed; {@link #refuse} then records it on the link.
     */
    @Transactional
    public Confirmation confirm(UUID tenantId, String token) {
        Optional<Pending> found = store.lockByToken(tenantId, sha256(token));
        Confirmation state = state(found);
        if (!(state instanceof Ready)) {
            return state;
        }
        Pending pending = found.orElseThrow();
        List<File> files = store.files(tenantId, pending.id());
        List<String> kinds = files.isEmpty() || pending.evidenceKind() == null ? List.of()
                : List.of(pending.evidenceKind());
        RefundRequest opened = intake.submit(tenantId, new RefundIntake.Intake(pending.email(), pending.orderNumber(),
                pending.transactionId(), pending.purchaseDate(), pending.category(), pending.reason(), pending.taskId(),
                kinds), ACTOR);
        for (File file : files) {
            requests.addIntakeEvidence(tenantId, opened.id(), pending.evidenceKind(), file.filename(),
                    file.contentType(), file.data());
        }
        store.opened(tenantId, pending.id(), opened.id(), clock.instant());
        return new Opened(opened.id());
    }

    /** Records that the link's request could not become a case, and why; the link says so from now on. */
    @Transactional
    public void refuse(UUID tenantId, String token, String why) {
        store.lockByToken(tenantId, sha256(token))
                .ifPresent(pending -> store.refused(tenantId, pending.id(), why, clock.instant()));
    }

    /** Forgets submissions a day after their link expired, files and all. */
    @Scheduled(fixedDelayString = "${creditdesk.jobs.portal-cleanup-delay:PT1H}")
    public int deleteExpired() {
        return store.deleteExpired(clock.instant().minus(Duration.ofDays(1)), 1_000);
    }

    private Confirmation state(Optional<Pending> found) {
        if (found.isEmpty()) {
            return new Unknown();
        }
        Pending pending = found.get();
        return switch (pending.status()) {
            case OPENED -> new Used(pending.refundRequestId());
            case REFUSED -> new Refused(pending.refusal());
            case PENDING -> clock.instant().isBefore(pending.expiresAt()) ? new Ready(order(pending)) : new Expired();
        };
    }

    private static String order(Pending pending) {
        return pending.orderNumber() != null ? pending.orderNumber() : pending.transactionId();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
