package dev.creditdesk.tenants;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.internal.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates tenants and answers their settings. Settings are read on hot paths (every task
 * reservation needs the drawdown order), so they are cached for a short while; a change made on
 * this node is seen at once, one made on another node within {@link #CACHE_TTL}.
 */
@Service
public class Tenants {

    static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private record Cached(Tenant tenant, Instant loadedAt) {
    }

    public record CreatedTenant(Tenant tenant, IssuedKey secretKey) {
    }

    private final TenantStore store;
    private final ApiKeys keys;
    private final Clock clock;
    private final PolicyDirectory policies;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    Tenants(TenantStore store, ApiKeys keys, Clock clock, @org.springframework.context.annotation.Lazy PolicyDirectory policies) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.policies = policies;
    }

    /** Creates the tenant and its first {@code secret} key. */
    @Transactional
    public CreatedTenant create(String name, TenantSettings settings, String policyId) {
        requireKnownPolicy(null, policyId);
        if (store.nameTaken(name)) {
            throw ApiProblem.conflict("tenant-name-taken", "A tenant named '" + name + "' already exists")
                    .with("field", "name");
        }
        Tenant tenant = new Tenant(Ids.newId(clock), name, settings, policyId, clock.instant());
        store.insert(tenant);
        IssuedKey key = keys.issue(tenant.id(), Role.SECRET);
        return new CreatedTenant(tenant, key);
    }

    @Transactional
    public Tenant updateSettings(UUID id, TenantSettings settings) {
        require(id);
        store.updateSettings(id, settings, clock.instant());
        cache.remove(id);
        return require(id);
    }

    /** Chooses the refund policy the tenant applies from now on. */
    @Transactional
    public Tenant choosePolicy(UUID id, String policyId) {
        require(id);
        requireKnownPolicy(id, policyId);
        store.setPolicy(id, policyId, clock.instant());
        cache.remove(id);
        return require(id);
    }

    private void requireKnownPolicy(UUID tenantId, String policyId) {
        if (policyId != null && !policies.exists(tenantId, policyId)) {
            throw ApiProblem.unprocessable("unknown-policy", "policy",
                    "is neither a shipped policy nor one this tenant published");
        }
    }

    public Optional<Tenant> find(UUID id) {
        Instant now = clock.instant();
        Cached cached = cache.get(id);
        if (cached != null && cached.loadedAt().plus(CACHE_TTL).isAfter(now)) {
            return Optional.of(cached.tenant());
        }
        Optional<Tenant> tenant = store.find(id);
        tenant.ifPresent(t -> cache.put(id, new Cached(t, now)));
        return tenant;
    }

    /** Every tenant of the installation, newest first; by exact name when given. */
    public ListPage<Tenant> page(String name, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.find(after).isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(name, after, limit + 1), limit, Tenant::id);
    }

    public Tenant require(UUID id) {
        return find(id).orElseThrow(() -> ApiProblem.notFound("tenant", id));
    }

    public Optional<Tenant> findByName(String name) {
        return store.findByName(name);
    }
}
