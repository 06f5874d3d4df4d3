package dev.creditdesk.refunds;

import dev.creditdesk.people.People;
import dev.creditdesk.people.PersonStatus;
import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.tenants.ApiKeys;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who works which case: a case is claimed by (or given to) one of the tenant's people or keys,
 * named by its actor string ({@code person:<id>}, {@code api_key:<id>}); "next case" claims the
 * soonest-due unassigned case in review, and two agents asking at once never get the same one.
 */
@Service
public class CaseAssignments {

    private static final String PERSON = "person:";
    private static final String API_KEY = "api_key:";

    private final RefundRequestStore store;
    private final People people;
    private final ApiKeys keys;
    private final Clock clock;

    CaseAssignments(RefundRequestStore store, People people, ApiKeys keys, Clock clock) {
        this.store = store;
        this.people = people;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Gives an open case to {@code assignee} (null: to nobody). An assignee that is not an active person nor a live key of the tenant is refused.
     */
    @Transactional
    public RefundRequest assign(UUID tenantId, UUID id, @Nullable String assignee) {
        RefundRequest request = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("refund request", id));
        if (!request.open()) {
            throw ApiProblem.conflict("case-closed", "The case is " + request.status().wireName()
                    + "; it is no one's to work");
        }
        if (assignee != null) {
            checkAssignee(tenantId, assignee);
        }
        store.assign(tenantId, id, assignee);
        return request;
    }

    /** Who works the case (an actor string), if anyone. */
    public Optional<String> assignee(UUID tenantId, UUID id) {
        return store.assignee(tenantId, id);
    }

    /**
     * Claims the soonest-due unassigned case in review for {@code actor} and answers it; empty when
     * there is none left.
     */
    @Transactional
    public Optional<UUID> claimNext(UUID tenantId, String actor) {
        return store.claimNext(tenantId, actor);
    }

    /** The queue, soonest due first, as the filter narrows it. */
    public List<QueuedCase> queue(UUID tenantId, QueueFilter filter, int offset, int limit) {
        return store.queue(tenantId, filter, clock.instant(), offset, limit);
    }

    /** The tenant's other requests about the same order as this case, oldest first. */
    public List<RefundRequest> sameOrder(UUID tenantId, UUID id) {
        return store.sameOrder(tenantId, id);
    }

    private void checkAssignee(UUID tenantId, String assignee) {
        UUID id = null;
        try {
            if (assignee.startsWith(PERSON) || assignee.startsWith(API_KEY)) {
                id = UUID.fromString(assignee.substring(assignee.indexOf(':') + 1));
            }
        } catch (IllegalArgumentException e) {
            id = null;
        }
        UUID found = id;
        boolean known = found != null && (assignee.startsWith(PERSON)
                ? people.find(tenantId, found).filter(p -> p.status() == PersonStatus.ACTIVE).isPresent()
                : keys.list(tenantId).stream().anyMatch(k -> k.id().equals(found) && k.revokedAt() == null));
        if (!known) {
            throw ApiProblem.invalid("assignee", "must be person:<id> of an active person or api_key:<id> of a live"
                    + " key of the tenant");
        }
    }
}
