package dev.creditdesk.refunds;

import dev.creditdesk.policy.RefundCategory;
import dev.creditdesk.refunds.internal.EvidenceCheck;
import dev.creditdesk.refunds.internal.EvidenceStore;
import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Limits;
import dev.creditdesk.shared.ListPage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cases as they stand, for reading (one case, the review queue, an account's cases), and the
 * evidence files customers give for them. Intake is {@link RefundIntake}, decisions
 * {@link CaseDecisions}.
 */
@Service
public class RefundRequests {

    /** Reasons a customer may give ({@link RefundCategory}); policies read them as {@code request.category}. */
    public static final List<String> CATEGORIES = RefundCategory.wireNames();

    private final RefundRequestStore store;
    private final EvidenceStore evidenceStore;
    private final CaseDecisions decisions;
    private final Clock clock;
    private final EvidenceCheck evidenceCheck;

    RefundRequests(RefundRequestStore store, EvidenceStore evidenceStore, EvidenceCheck evidenceCheck,
            CaseDecisions decisions, Clock clock) {
        this.evidenceCheck = evidenceCheck;
        this.store = store;
        this.decisions = decisions;
        this.evidenceStore = evidenceStore;
        this.clock = clock;
    }

    /** The reason the ledger records for credits one refund of a case removed, so its failing can give them back. */
    public static String removalReason(UUID requestId, UUID refundId) {
        return RemedyExecution.removalReason(requestId, refundId);
    }

    /** A file the customer gives for a case. */
    public record EvidenceFile(String filename, String contentType, byte[] data) {
    }

    /**
     * Keeps a file the customer gave, with its checksum, records its kind on the case, and
     * evaluates the case again with it.
     */
    @Transactional
    public Evidence addEvidence(UUID tenantId, UUID requestId, String kind, String filename, String contentType,
            byte[] data) {
        return addEvidence(tenantId, requestId, kind, List.of(new EvidenceFile(filename, contentType, data))).get(0);
    }

    /**
     * Keeps several files of one kind at once: all of them or, when one is refused, none; the case
     * is evaluated again once, with all of them.
     */
    @Transactional
    public List<Evidence> addEvidence(UUID tenantId, UUID requestId, String kind, List<EvidenceFile> files) {
        RefundRequest request = store.lock(tenantId, requestId)
                .orElseThrow(() -> ApiProblem.notFound("refund request", requestId));
        if (!request.open()) {
            throw ApiProblem.conflict("case-closed", "The case is " + request.status().wireName()
                    + "; it takes no more evidence");
        }
        List<Evidence> kept = new ArrayList<>();
        for (EvidenceFile file : files) {
            kept.add(keep(tenantId, requestId, kind, file.filename(), file.contentType(), file.data()));
        }
        decisions.reevaluate(tenantId, requestId, "evidence uploaded (" + kind.replace('_', ' ') + ")", "customer");
        return kept;
    }

    /**
     * Keeps a file given with the request itself (the hosted form), on the case just opened from it:
     * its kind was part of the request the policy evaluated, so nothing is evaluated again, and a
     * case decided at once keeps it too.
     */
    @Transactional
    public Evidence addIntakeEvidence(UUID tenantId, UUID requestId, String kind, String filename, String contentType,
            byte[] data) {
        store.lock(tenantId, requestId).orElseThrow(() -> ApiProblem.notFound("refund request", requestId));
        return keep(tenantId, requestId, kind, filename, contentType, data);
    }

    /**
     * Checks a file as an upload would be checked (type, content, name), before any case exists:
     * 415 or 400 problems as {@link #addEvidence} answers them; answers its media type.
     */
    public String checkEvidenceFile(String contentType, String filename, byte[] data) {
        return evidenceCheck.checkFile(contentType, filename, data);
    }

    private Evidence keep(UUID tenantId, UUID requestId, String kind, String filename, String contentType,
            byte[] data) {
        String type = evidenceCheck.check(tenantId, requestId, contentType, filename, data);
        Evidence evidence = new Evidence(Ids.newId(clock), requestId, kind, filename, type, data.length, sha256(data),
                clock.instant());
        evidenceStore.insert(tenantId, evidence, data);
        evidenceStore.addKind(tenantId, requestId, kind);
        return evidence;
    }

    /** What became of a file given for a case by email: kept as evidence, or refused and why. */
    public record FileOutcome(@Nullable Evidence evidence, @Nullable String refusal) {
    }

    /**
     * Keeps a file that came with an email to the case, under the same checks as an upload (type,
     * content, name, size, count), without evaluating the case: the caller evaluates it once for
     * all of a message's files. A refused file is answered, never thrown, so the message it came
     * with is still recorded.
     */
    @Transactional
    public FileOutcome attach(UUID tenantId, UUID requestId, String kind, String filename, String contentType,
            byte[] data) {
        RefundRequest request = store.lock(tenantId, requestId)
                .orElseThrow(() -> ApiProblem.notFound("refund request", requestId));
        if (!request.open()) {
            return new FileOutcome(null, "the case is " + request.status().wireName());
        }
        if (data.length > Limits.MAX_EVIDENCE_BYTES) {
            return new FileOutcome(null, "larger than " + Limits.MAX_EVIDENCE_BYTES / 1_048_576 + " MiB");
        }
        try {
            return new FileOutcome(keep(tenantId, requestId, kind, filename, contentType, data), null);
        } catch (ApiProblem refused) {
            return new FileOutcome(null, refused.getMessage());
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Evidence> evidence(UUID tenantId, UUID requestId) {
        require(tenantId, requestId);
        return evidenceStore.list(tenantId, requestId);
    }

    public byte[] evidenceData(UUID tenantId, UUID requestId, UUID evidenceId) {
        return evidenceStore.data(tenantId, requestId, evidenceId)
                .orElseThrow(() -> ApiProblem.notFound("evidence", evidenceId));
    }

    public Optional<RefundRequest> find(UUID tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    public RefundRequest require(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
    }

    /**
     * The first request the customer made about an order before {@code before}: a chargeback opened
     * after it was not opened "before contacting us". Outage cases Creditdesk opened do not count.
     */
    public Optional<RefundRequest> firstForOrder(UUID tenantId, UUID orderId, Instant before) {
        return store.firstForOrder(tenantId, orderId, before, RefundIntake.OUTAGE_CHANNEL);
    }

    /**
     * Newest first by (received_at, id); each filter may be null for any. {@code startingAfter} is
     * the {@code next_cursor} of the previous page: the id of one of the tenant's requests.
     */
    public ListPage<RefundRequest> list(UUID tenantId, CaseStatus status, UUID accountId, Instant dueBefore,
            String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        RefundRequest cursor = after == null ? null : store.find(tenantId, after).orElseThrow(ListPage::notACursor);
        return ListPage.of(store.page(tenantId, status, accountId, dueBefore, cursor, limit + 1), limit,
                RefundRequest::id);
    }

    /** The queue by status and reason category (either may be null for any), soonest due first. */
    public List<RefundRequest> queue(UUID tenantId, CaseStatus status, String category, int offset, int limit) {
        return store.list(tenantId, status, category, null, offset, limit);
    }

    /** The account's requests, newest first, at most {@code limit} (a case's timeline). */
    public List<RefundRequest> forAccount(UUID tenantId, UUID accountId, int limit) {
        return store.forAccount(tenantId, accountId, limit);
    }
}
