package dev.creditdesk.refunds;

import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The team's internal notes on a case, append-only, on open and closed cases alike. Nothing here
 * is ever sent to the customer: emails are written by {@link CaseMessages}, which never reads them.
 */
@Service
public class CaseNotes {

    public static final int MAX_LENGTH = 5_000;

    private final RefundRequestStore store;
    private final Clock clock;

    CaseNotes(RefundRequestStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Transactional
    public CaseNote add(UUID tenantId, UUID requestId, String body, String author) {
        store.find(tenantId, requestId).orElseThrow(() -> ApiProblem.notFound("refund request", requestId));
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw ApiProblem.invalid("body", "is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw ApiProblem.invalid("body", "must be at most " + MAX_LENGTH + " characters");
        }
        CaseNote note = new CaseNote(Ids.newId(clock), requestId, text, author, clock.instant());
        store.addNote(tenantId, note);
        return note;
    }

    public List<CaseNote> list(UUID tenantId, UUID requestId) {
        store.find(tenantId, requestId).orElseThrow(() -> ApiProblem.notFound("refund request", requestId));
        return store.notes(tenantId, requestId);
    }
}
