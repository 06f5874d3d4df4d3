package dev.creditdesk.tenants;

import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.internal.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issues, lists, revokes and recognises API keys. A key is {@code cd_<role>_} followed by 43
 * characters of randomness (256 bits); only its SHA-256 is stored. Recognised keys are kept in
 * memory for {@code creditdesk.api-keys.cache-ttl} ({@link RecognisedKeys}): a revocation takes
 * effect at once on the node that made it, and on every other node within that time.
 */
@Service
@EnableConfigurationProperties(ApiKeySettings.class)
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PREFIX_LENGTH = 16;

    private final ApiKeyStore store;
    private final Clock clock;
    private final byte[] configuredOperatorKeyHash;
    private final RecognisedKeys recognised;

    ApiKeys(ApiKeyStore store, Clock clock, ApiKeySettings settings,
            @Value("${creditdesk.admin-key:}") String configuredOperatorKey) {
        this.store = store;
        this.clock = clock;
        this.configuredOperatorKeyHash = configuredOperatorKey.isBlank() ? null : hash(configuredOperatorKey);
        this.recognised = new RecognisedKeys(settings.cacheTtl(), clock);
    }

    /** What a presented key turned out to be. */
    public sealed interface Recognition {
        record Valid(UUID keyId, UUID tenantId, Role role) implements Recognition {
        }

        record Revoked() implements Recognition {
        }

        record Unknown() implements Recognition {
        }
    }

    public Recognition recognise(String secret) {
        byte[] hash = hash(secret);
        if (configuredOperatorKeyHash != null && MessageDigest.isEqual(hash, configuredOperatorKeyHash)) {
            return new Recognition.Valid(new UUID(0, 0), null, Role.OPERATOR);
        }
        return recognised.recognise(hash, () -> read(hash));
    }

    private Recognition read(byte[] hash) {
        Optional<ApiKeyInfo> key = store.findByHash(hash);
        if (key.isEmpty()) {
            return new Recognition.Unknown();
        }
        ApiKeyInfo info = key.get();
        if (info.revokedAt() != null) {
            return new Recognition.Revoked();
        }
        if (info.role() == Role.OPERATOR && configuredOperatorKeyHash != null) {
            // CREDITDESK_ADMIN_KEY, when set, is the only operator key.
            return new Recognition.Unknown();
        }
        return new Recognition.Valid(info.id(), info.tenantId(), info.role());
    }

    /**
     * Whether a key recognised earlier (a console session's) is still in force: not revoked since.
     * Always read from the database: console requests are few, and a session ends on every node at once.
     */
    public boolean inForce(UUID keyId) {
        return store.inForce(keyId);
    }

    @Transactional
    public IssuedKey issue(UUID tenantId, Role role) {
        if (role == Role.OPERATOR) {
            throw ApiProblem.invalid("role", "must be one of secret, support, admin");
        }
        String secret = newSecret(role);
        UUID id = Ids.newId(clock);
        var now = clock.instant();
        store.insert(id, tenantId, role, hash(secret), secret.substring(0, PREFIX_LENGTH), now);
        return new IssuedKey(id, tenantId, role, secret, now);
    }

    /** The tenant's keys (prefixes only) newest first. */
    public ListPage<ApiKeyInfo> page(UUID tenantId, String startingAfter, int limit) {
        UUID after = ListPage.cursorId(startingAfter);
        if (after != null && store.find(tenantId, after).isEmpty()) {
            throw ListPage.notACursor();
        }
        return ListPage.of(store.page(tenantId, after, limit + 1), limit, ApiKeyInfo::id);
    }

    public List<ApiKeyInfo> list(UUID tenantId) {
        return store.listForTenant(tenantId);
    }

    @Transactional
    public ApiKeyInfo revoke(UUID tenantId, UUID keyId) {
        store.find(tenantId, keyId).orElseThrow(() -> ApiProblem.notFound("api key", keyId));
        store.revoke(keyId, clock.instant());
        evictOnceCommitted(keyId);
        return store.find(tenantId, keyId).orElseThrow();
    }

    /**
     * On first start without {@code CREDITDESK_ADMIN_KEY}, generates the operator key; returns it
     * so it can be shown once. Empty when a key is configured or was generated before.
     */
    @Transactional
    public Optional<IssuedKey> generateOperatorKeyIfNone() {
        if (configuredOperatorKeyHash != null) {
            return Optional.empty();
        }
        String secret = newSecret(Role.OPERATOR);
        UUID id = Ids.newId(clock);
        var now = clock.instant();
        if (!store.insertOperatorKeyIfNone(id, hash(secret), secret.substring(0, PREFIX_LENGTH), now)) {
            return Optional.empty();
        }
        return Optional.of(new IssuedKey(id, null, Role.OPERATOR, secret, now));
    }

    /**
     * Before the commit a concurrent request could read the row as it was and keep it again, so the
     * key is forgotten only once its revocation is visible to every reader.
     */
    private void evictOnceCommitted(UUID keyId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            recognised.evict(keyId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                recognised.evict(keyId);
            }
        });
    }

    private static String newSecret(Role role) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return "cd_" + role.wireName() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
