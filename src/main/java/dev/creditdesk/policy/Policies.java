package dev.creditdesk.policy;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.tenants.PolicyDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The policies a tenant can apply, by version: the shipped ones (policies/*.yaml in the jar) and
 * those the tenant published. The version that answers a request is the latest whose
 * {@code effective_from} is not after the moment its terms bind (by default, the request).
 * Compiled documents are cached; a version never changes once published.
 */
@Service
public class Policies implements PolicyDirectory {

    private final PolicyDocuments documents = PolicyDocuments.standard();
    private final Map<String, List<Version>> shipped;
    private final Map<String, PolicyDocuments.Loaded> compiled = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final Clock clock;

    record Version(PublishedPolicy published, PolicyDocuments.Loaded loaded) {
    }

    Policies(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.shipped = loadShipped();
    }

    @Override
    public boolean exists(UUID tenantId, String policyId) {
        if (shipped.containsKey(policyId)) {
            return true;
        }
        return tenantId != null && jdbc.sql("select exists (select 1 from policy_versions where tenant_id = :t and policy_id = :p)")
                .param("t", tenantId).param("p", policyId).query(Boolean.class).single();
    }

    /**
     * Publishes a new version. Everything is checked first: a document that does not load, or a
     * version that exists, changes nothing.
     */
    @Transactional
    public PublishedPolicy publish(UUID tenantId, String yaml, String actor) {
        PolicyDocuments.Loaded loaded;
        try {
            loaded = documents.load("document", yaml);
        } catch (PolicyException e) {
            throw new ApiProblem(422, "invalid-policy", "Invalid policy",
                    e.problems().size() + " problem(s) in the policy document")
                    .with("problems", e.problems());
        }
        Policy policy = loaded.policy();
        boolean taken = shipped.getOrDefault(policy.id(), List.of()).stream()
                .anyMatch(v -> v.published().version().equals(policy.version()))
                || jdbc.sql("select exists (select 1 from policy_versions where tenant_id = :t and policy_id = :p and version = :v)")
                .param("t", tenantId).param("p", policy.id()).param("v", policy.version()).query(Boolean.class).single();
        if (taken) {
            throw ApiProblem.conflict("policy-version-exists", "Version " + policy.version() + " of policy "
                    + policy.id() + " exists; published versions never change").with("field", "version");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into policy_versions (tenant_id, policy_id, version, effective_from, document,
                                                     published_by, published_at)
                        values (:t, :p, :v, :from, :doc, :by, :at)""")
                .param("t", tenantId).param("p", policy.id()).param("v", policy.version())
                .param("from", Timestamp.from(policy.effectiveFrom())).param("doc", yaml).param("by", actor)
                .param("at", Timestamp.from(now)).update();
        compiled.put(key(tenantId, policy.id(), policy.version()), loaded);
        return new PublishedPolicy(policy.id(), policy.version(), policy.effectiveFrom(), policy.title(), false, actor,
                now, yaml);
    }

    /** Every version available to the tenant, newest first within each policy. */
    public List<PublishedPolicy> list(UUID tenantId) {
        List<PublishedPolicy> all = new ArrayList<>();
        shipped.values().forEach(versions -> versions.forEach(v -> all.add(v.published())));
        all.addAll(published(tenantId, null));
        all.sort(Comparator.comparing(PublishedPolicy::id).thenComparing(PublishedPolicy::effectiveFrom,
                Comparator.reverseOrder()));
        return all;
    }

    /**
     * The version that answers a request: the one in force when it was made, or, when that
     * version binds its terms at purchase time, the one in force when the purchase was made.
     */
    public Optional<PolicyDocuments.Loaded> forRequest(UUID tenantId, String policyId, Facts facts) {
        return forRequest(tenantId, policyId, facts.requestedAt(), facts.purchasedAt().orElse(null));
    }

    /**
     * The version that answers a request made at {@code requestedAt} about a purchase made at
     * {@code purchasedAt} (null: unknown), chosen before its facts are gathered, since the version
     * says which usage aggregates and prices they must carry ({@link PolicyDocuments.Loaded#needs()}).
     */
    public Optional<PolicyDocuments.Loaded> forRequest(UUID tenantId, String policyId, Instant requestedAt,
            Instant purchasedAt) {
        Optional<PolicyDocuments.Loaded> atRequest = inForce(tenantId, policyId, requestedAt);
        if (atRequest.isPresent() && atRequest.get().policy().terms() == Policy.TermsBinding.PURCHASE_TIME
                && purchasedAt != null) {
            return inForce(tenantId, policyId, purchasedAt).or(() -> atRequest);
        }
        return atRequest;
    }

    /**
     * The version of {@code policyId} in force at {@code at}, compiled; before the first version's
     * effective date, that first version.
     */
    public Optional<PolicyDocuments.Loaded> inForce(UUID tenantId, String policyId, Instant at) {
        List<PublishedPolicy> candidates = new ArrayList<>();
        shipped.getOrDefault(policyId, List.of()).forEach(v -> candidates.add(v.published()));
        candidates.addAll(published(tenantId, policyId));
        Comparator<PublishedPolicy> order = Comparator.comparing(PublishedPolicy::effectiveFrom)
                .thenComparing(PublishedPolicy::publishedAt, Comparator.nullsFirst(Comparator.naturalOrder()));
        // Before its first version takes effect, a policy the tenant chose is still its first version.
        return candidates.stream()
                .filter(p -> !p.effectiveFrom().isAfter(at))
                .max(order)
                .or(() -> candidates.stream().min(order))
                .map(p -> compiled.computeIfAbsent(key(p.shipped() ? null : tenantId, p.id(), p.version()),
                        k -> documents.load(p.id() + "@" + p.version(), p.document())));
    }

    private List<PublishedPolicy> published(UUID tenantId, String policyId) {
        return jdbc.sql("""
                        select policy_id, version, effective_from, document, published_by, published_at
                        from policy_versions where tenant_id = :t and (cast(:p as text) is null or policy_id = :p)""")
                .param("t", tenantId).param("p", policyId)
                .query((rs, n) -> new PublishedPolicy(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), null, false, rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getString(4)))
                .list();
    }

    private Map<String, List<Version>> loadShipped() {
        Map<String, List<Version>> byId = new ConcurrentHashMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:policies/*.yaml")) {
                String name = resource.getFilename();
                if (name == null || name.endsWith(".cases.yaml")) {
                    continue;
                }
                String yaml;
                try (InputStream in = resource.getInputStream()) {
                    yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                PolicyDocuments.Loaded loaded = documents.load("policies/" + name, yaml);
                Policy policy = loaded.policy();
                PublishedPolicy published = new PublishedPolicy(policy.id(), policy.version(), policy.effectiveFrom(),
                        policy.title(), true, "creditdesk", null, yaml);
                byId.computeIfAbsent(policy.id(), k -> new ArrayList<>()).add(new Version(published, loaded));
                compiled.put(key(null, policy.id(), policy.version()), loaded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the shipped policies", e);
        }
        return Map.copyOf(byId);
    }

    private static String key(UUID tenantId, String policyId, String version) {
        return (tenantId == null ? "shipped" : tenantId.toString()) + "/" + policyId + "/" + version;
    }
}
