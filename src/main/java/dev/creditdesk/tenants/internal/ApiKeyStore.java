package dev.creditdesk.tenants.internal;

import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.ApiKeyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ApiKeyStore {

    private static final String COLUMNS = "id, tenant_id, role, key_prefix, created_at, revoked_at";

    private final JdbcClient jdbc;

    ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, UUID tenantId, Role role, byte[] hash, String prefix, Instant createdAt) {
        jdbc.sql("""
                        insert into api_keys (id, tenant_id, role, key_hash, key_prefix, created_at)
                        values (:id, :tenant, :role, :hash, :prefix, :created)""")
                .param("id", id).param("tenant", tenantId).param("role", role.wireName())
                .param("hash", hash).param("prefix", prefix).param("created", Timestamp.from(createdAt))
                .update();
    }

    /** Inserts the generated operator key unless one is already in force; true when inserted. */
    public boolean insertOperatorKeyIfNone(UUID id, byte[] hash, String prefix, Instant createdAt) {
        return jdbc.sql("""
                        insert into api_keys (id, tenant_id, role, key_hash, key_prefix, created_at)
                        values (:id, null, 'operator', :hash, :prefix, :created)
                        on conflict do nothing""")
                .param("id", id).param("hash", hash).param("prefix", prefix)
                .param("created", Timestamp.from(createdAt))
                .update() == 1;
    }

    public Optional<ApiKeyInfo> findByHash(byte[] hash) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where key_hash = :hash")
                .param("hash", hash).query(ApiKeyStore::map).optional();
    }

    public List<ApiKeyInfo> listForTenant(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where tenant_id = :tenant order by created_at, id")
                .param("tenant", tenantId).query(ApiKeyStore::map).list();
    }

    /** The tenant's keys newest first by id, after {@code afterId} when given. */
    public List<ApiKeyInfo> page(UUID tenantId, UUID afterId, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from api_keys where tenant_id = :tenant and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("tenant", tenantId).param("after", afterId).param("limit", limit)
                .query(ApiKeyStore::map).list();
    }

    public Optional<ApiKeyInfo> find(UUID tenantId, UUID keyId) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", keyId).query(ApiKeyStore::map).optional();
    }

    /** True while the key exists and is not revoked; one primary-key lookup. */
    public boolean inForce(UUID keyId) {
        return jdbc.sql("select exists (select 1 from api_keys where id = :id and revoked_at is null)")
                .param("id", keyId).query(Boolean.class).single();
    }

    public void revoke(UUID keyId, Instant at) {
        jdbc.sql("update api_keys set revoked_at = :at where id = :id and revoked_at is null")
                .param("id", keyId).param("at", Timestamp.from(at)).update();
    }

    private static ApiKeyInfo map(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKeyInfo(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)), rs.getString("key_prefix"),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
