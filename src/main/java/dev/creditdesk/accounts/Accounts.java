package dev.creditdesk.accounts;

import dev.creditdesk.accounts.internal.AccountStore;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
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

    /** Creates the account without metadata. */
    @Transactional
    public Account create(UUID tenantId, String externalId, String email) {
        return create(tenantId, externalId, email, new TreeMap<>());
    }

    /** Creates the account, country unknown; its external id must be new in the tenant (409 names the existing one). */
    @Transactional
    public Account create(UUID tenantId, String externalId, String email, SortedMap<String, String> metadata) {
        return create(tenantId, externalId, email, metadata, null);
    }

    /**
     * Creates the account in {@code country} (ISO 3166-1 alpha-2, checked by the caller; null:
     * unknown); its external id must be new in the tenant (409 names the existing one).
     */
    @Transactional
    public Account create(UUID tenantId, String externalId, String email, SortedMap<String, String> metadata,
            String country) {
        Account account = new Account(tenantId, Ids.newId(clock), externalId, email, metadata, clock.instant(), null,
                country);
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

    /** Which of {@code ids} are accounts of the tenant (a batch's check in one query). */
    public Set<UUID> existing(UUID tenantId, Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : store.existing(tenantId, ids);
    }

    /** The tenant's accounts newest first, by email (any case) and external id when given. */
    public ListPage<Account> page(UUID tenantId, String email, String externalId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.find(tenantId, after).isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, email, externalId, after, limit + 1), limit, Account::id);
    }

    /**
     * Changes the account's email (null: kept) and metadata ({@link Metadata#merged}). A replaced
     * email is kept in the account's history, so that refund intake still knows it (see
     * {@link #emailMatches}).
     */
    @Transactional
    public Account update(UUID tenantId, UUID id, String email, Map<String, String> metadataChanges, String actor) {
        return update(tenantId, id, email, metadataChanges, null, actor);
    }

    /**
     * Changes the email, metadata and {@code country} (null: kept; "": unknown again; otherwise
     * ISO 3166-1 alpha-2, checked by the caller).
     */
    @Transactional
    public Account update(UUID tenantId, UUID id, String email, Map<String, String> metadataChanges, String country,
            String actor) {
        Account account = store.lock(tenantId, id).orElseThrow(() -> ApiProblem.notFound("account", id));
        List<FieldProblem> errors = new ArrayList<>();
        SortedMap<String, String> metadata = Metadata.merged(account.metadata(), metadataChanges, errors);
        Fields.throwIfAny(errors);
        Instant now = clock.instant();
        String newEmail = email == null ? account.email() : email;
        if (!newEmail.equalsIgnoreCase(account.email())) {
            List<AccountStore.EarlierEmail> earlier = store.earlierEmails(tenantId, id);
            Instant since = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1).replacedAt();
            store.insertEarlierEmail(tenantId, id, new AccountStore.EarlierEmail(account.email(), since, now), actor);
        }
        String newCountry = country == null ? account.country() : country.isEmpty() ? null : country;
        store.update(tenantId, id, newEmail, metadata, newCountry, now);
        return store.find(tenantId, id).orElseThrow();
    }

    /**
     * Whether {@code email} (any case) may speak for the account about an order bought at
     * {@code purchasedAt}: the account's current email may for every order; an earlier email only
     * for orders bought while it was the account's email.
     */
    public boolean emailMatches(UUID tenantId, UUID accountId, String email, Instant purchasedAt) {
        Optional<Account> account = store.find(tenantId, accountId);
        if (account.isEmpty()) {
            return false;
        }
        if (account.get().email().equalsIgnoreCase(email)) {
            return true;
        }
        return store.earlierEmails(tenantId, accountId).stream()
                .anyMatch(e -> e.email().equalsIgnoreCase(email)
                        && (e.since() == null || !purchasedAt.isBefore(e.since()))
                        && purchasedAt.isBefore(e.replacedAt()));
    }

    public Optional<Account> findByExternalId(UUID tenantId, String externalId) {
        return store.findByExternalId(tenantId, externalId);
    }

    public Entitlements entitlements(UUID tenantId, UUID accountId) {
        return Entitlements.of(accountId, store.activeSuspensions(tenantId, accountId));
    }

    /**
     * The account's entitlements, or 404 as {@link #require} answers when the tenant has no such
     * account: both in one query (a task reservation asks on every call).
     */
    public Entitlements requireEntitlements(UUID tenantId, UUID accountId) {
        return Entitlements.of(accountId, store.activeSuspensionsOfExisting(tenantId, accountId)
                .orElseThrow(() -> ApiProblem.notFound("account", accountId)));
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

    /** {@link #requireEntitlements} of many accounts in one read; an account that does not exist is absent. */
    public Map<UUID, Entitlements> entitlements(UUID tenantId, Collection<UUID> accountIds) {
        Map<UUID, Entitlements> entitlements = new java.util.HashMap<>();
        store.activeSuspensionsOfExisting(tenantId, accountIds)
                .forEach((account, active) -> entitlements.put(account, Entitlements.of(account, active)));
        return entitlements;
    }
}
