package dev.creditdesk.tenants.internal;

import dev.creditdesk.tenants.DrawdownCriterion;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.TenantSettings;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class TenantStore {

    private static final String COLUMNS =
            "id, name, timezone, holiday_country, currency, support_email, drawdown_order, policy_id, created_at";

    private final JdbcClient jdbc;

    TenantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean nameTaken(String name) {
        return jdbc.sql("select exists (select 1 from tenants where name = :name)")
                .param("name", name).query(Boolean.class).single();
    }

    public void insert(Tenant tenant) {
        TenantSettings s = tenant.settings();
        jdbc.sql("""
                        insert into tenants (id, name, timezone, holiday_country, currency, support_email,
                                             drawdown_order, policy_id, created_at, updated_at)
                        values (:id, :name, :timezone, :country, :currency, :email, :drawdown::text[], :policy,
                                :now, :now)""")
                .param("id", tenant.id()).param("name", tenant.name())
                .param("timezone", s.timezone().getId()).param("country", s.holidayCountry())
                .param("currency", s.currency().getCode()).param("email", s.supportEmail())
                .param("drawdown", drawdownLiteral(s.drawdownOrder())).param("policy", tenant.policyId())
                .param("now", Timestamp.from(tenant.createdAt()))
                .update();
    }

    public void updateSettings(UUID id, TenantSettings s, Instant now) {
        jdbc.sql("""
                        update tenants set timezone = :timezone, holiday_country = :country, currency = :currency,
                               support_email = :email, drawdown_order = :drawdown::text[], updated_at = :now
                        where id = :id""")
                .param("id", id)
                .param("timezone", s.timezone().getId()).param("country", s.holidayCountry())
                .param("currency", s.currency().getCode()).param("email", s.supportEmail())
                .param("drawdown", drawdownLiteral(s.drawdownOrder()))
                .param("now", Timestamp.from(now))
                .update();
    }

    public void setPolicy(UUID id, String policyId, Instant now) {
        jdbc.sql("update tenants set policy_id = :policy, updated_at = :now where id = :id")
                .param("policy", policyId).param("now", Timestamp.from(now)).param("id", id).update();
    }

    public Optional<Tenant> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from tenants where id = :id")
                .param("id", id).query(TenantStore::map).optional();
    }

    public Optional<Tenant> findByName(String name) {
        return jdbc.sql("select " + COLUMNS + " from tenants where name = :name")
                .param("name", name).query(TenantStore::map).optional();
    }

    /** Newest first by id, after {@code afterId} when given; by exact name when not null. */
    public List<Tenant> page(String name, UUID afterId, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from tenants where (cast(:name as text) is null or name = :name)
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("name", name).param("after", afterId).param("limit", limit).query(TenantStore::map).list();
    }

    private static Tenant map(ResultSet rs, int row) throws SQLException {
        Array drawdown = rs.getArray("drawdown_order");
        List<DrawdownCriterion> order = Arrays.stream((String[]) drawdown.getArray())
                .map(DrawdownCriterion::fromWire).toList();
        TenantSettings settings = new TenantSettings(ZoneId.of(rs.getString("timezone")),
                rs.getString("holiday_country"), CurrencyUnit.of(rs.getString("currency")),
                rs.getString("support_email"), order);
        return new Tenant(rs.getObject("id", UUID.class), rs.getString("name"), settings, rs.getString("policy_id"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static String drawdownLiteral(List<DrawdownCriterion> order) {
        return "{" + String.join(",", order.stream().map(DrawdownCriterion::wireName).toList()) + "}";
    }
}
