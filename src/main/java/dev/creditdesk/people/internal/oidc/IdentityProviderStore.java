package dev.creditdesk.people.internal.oidc;

import dev.creditdesk.people.IdentityProvider;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class IdentityProviderStore {

    private static final String COLUMNS = "p.tenant_id, p.issuer, p.client_id, p.client_secret, "
            + "p.authorization_endpoint, p.token_endpoint, p.jwks_uri, p.enabled, p.created_at, p.updated_at, "
            + "array(select d.domain from identity_provider_domains d where d.tenant_id = p.tenant_id "
            + "order by d.domain) as domains";

    /** A saved provider with what only the sign-in itself uses: the sealed secret and the endpoints. */
    public record Row(IdentityProvider provider, String sealedSecret, Discovery discovery) {
    }

    private final JdbcClient jdbc;

    IdentityProviderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> find(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from identity_providers p where p.tenant_id = :tenant")
                .param("tenant", tenantId).query(IdentityProviderStore::map).optional();
    }

    public Optional<Row> lock(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from identity_providers p where p.tenant_id = :tenant for update")
                .param("tenant", tenantId).query(IdentityProviderStore::map).optional();
    }

    /** The provider, enabled or not, whose domains include {@code domain}. */
    public Optional<Row> findByDomain(String domain) {
        return jdbc.sql("select " + COLUMNS + " from identity_providers p join identity_provider_domains d "
                        + "on d.tenant_id = p.tenant_id where d.domain = :domain")
                .param("domain", domain).query(IdentityProviderStore::map).optional();
    }

    /** Of {@code domains}, those another tenant's provider signs in. */
    public List<String> takenByOthers(UUID tenantId, List<String> domains) {
        return jdbc.sql("select domain from identity_provider_domains where domain = any(:domains) "
                        + "and tenant_id <> :tenant order by domain")
                .param("domains", domains.toArray(String[]::new)).param("tenant", tenantId)
                .query(String.class).list();
    }

    public void save(IdentityProvider provider, String sealedSecret, Discovery discovery, Instant now) {
        jdbc.sql("""
                        insert into identity_providers (tenant_id, issuer, client_id, client_secret,
                                authorization_endpoint, token_endpoint, jwks_uri, enabled, created_at, updated_at)
                        values (:tenant, :issuer, :client, :secret, :authorization, :token, :jwks, :enabled, :now, :now)
                        on conflict (tenant_id) do update set issuer = excluded.issuer, client_id = excluded.client_id,
                            client_secret = excluded.client_secret,
                            authorization_endpoint = excluded.authorization_endpoint,
                            token_endpoint = excluded.token_endpoint, jwks_uri = excluded.jwks_uri,
                            enabled = excluded.enabled, updated_at = excluded.updated_at""")
                .param("tenant", provider.tenantId()).param("issuer", provider.issuer())
                .param("client", provider.clientId()).param("secret", sealedSecret)
                .param("authorization", discovery.authorizationEndpoint())
                .param("token", discovery.tokenEndpoint()).param("jwks", discovery.jwksUri())
                .param("enabled", provider.enabled()).param("now", Timestamp.from(now)).update();
        jdbc.sql("delete from identity_provider_domains where tenant_id = :tenant")
                .param("tenant", provider.tenantId()).update();
        for (String domain : provider.emailDomains()) {
            jdbc.sql("insert into identity_provider_domains (domain, tenant_id) values (:domain, :tenant)")
                    .param("domain", domain).param("tenant", provider.tenantId()).update();
        }
    }

    public boolean delete(UUID tenantId) {
        return jdbc.sql("delete from identity_providers where tenant_id = :tenant").param("tenant", tenantId)
                .update() == 1;
    }

    private static Row map(ResultSet rs, int row) throws SQLException {
        IdentityProvider provider = new IdentityProvider(rs.getObject("tenant_id", UUID.class),
                rs.getString("issuer"), rs.getString("client_id"),
                List.of((String[]) rs.getArray("domains").getArray()), rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
        return new Row(provider, rs.getString("client_secret"), new Discovery(provider.issuer(),
                rs.getString("authorization_endpoint"), rs.getString("token_endpoint"), rs.getString("jwks_uri")));
    }
}
