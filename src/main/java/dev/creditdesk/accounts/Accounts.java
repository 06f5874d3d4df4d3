package dev.creditdesk.accounts;

import dev.creditdesk.accounts.internal.AccountStore;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer accounts and their entitlements. Each suspension and each lift announces the account's
 * entitlements as they now stand ({@code entitlements.suspended}, {@code entitlements.lifted}).
 */
@Service
public class Accounts {

    private final AccountStore store;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Accounts(AccountStore store, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.clock = clock;
        this.events = events;
    }

    /** Creates the account; its external id must be new in the tenant (409 names the existing one). */
    @Transactional
    public Account create(UUID tenantId, String externalId, String email) {
        Account account = new Account(tenantId, Ids.newId(clock), externalId, email, clock.instant());
        if (!store.insert(account)) {
            Account existing = store.findByExternalId(tenantId, externalId).orElseThrow();
            throw ApiProblem.conflict("account-exists", "An account with external_id '" + externalId + "' exists")
                    .with("field", "external_id").with("account_id", existing.id());
        }
        return account;
    }

    public Optional<Account> find(UUID tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    public Account require(UUID tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("account", id));
    }

    public Optional<Account> findByExternalId(UUID tenantId, String externalId) {
        return store.findByExternalId(tenantId, externalId);
    }

    public Entitlements entitlements(UUID tenantId, UUID accountId) {
        return Entitlements.of(accountId, store.activeSuspensions(tenantId, accountId));
    }

    /** Takes an entitlement away until the suspension is lifted. */
    @Transactional
    public Suspension suspend(UUID tenantId, UUID accountId, Entitlement entitlement, String reason, String source,
            String sourceId, String actor) {
        require(tenantId, accountId);
        Suspension suspension = new Suspension(Ids.newId(clock), accountId, entitlement, reason, source, sourceId,
                actor, clock.instant(), null, null, null);
        store.insertSuspension(tenantId, suspension);
        events.publishEvent(ResourceChanged.of(tenantId, EventType.ENTITLEMENTS_SUSPENDED, accountId));
        return suspension;
    }

    /** Lifts a suspension; lifting one already lifted answers 409 and changes nothing. */
    @Transactional
    public Suspension lift(UUID tenantId, UUID accountId, UUID suspensionId, String reason, String actor) {
        require(tenantId, accountId);
        store.findSuspension(tenantId, accountId, suspensionId)
                .orElseThrow(() -> ApiProblem.notFound("suspension", suspensionId));
        if (!store.lift(tenantId, suspensionId, actor, reason, clock.instant())) {
            throw ApiProblem.conflict("suspension-already-lifted", "This suspension was already lifted");
        }
        events.publishEvent(ResourceChanged.of(tenantId, EventType.ENTITLEMENTS_LIFTED, accountId));
        return store.findSuspension(tenantId, accountId, suspensionId).orElseThrow();
    }
}
