package dev.creditdesk.accounts.internal;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Entitlement;
import dev.creditdesk.accounts.Suspension;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class AccountStore {

    private static final String ACCOUNT = "tenant_id, id, external_id, email, metadata, created_at, updated_at, country";
    private static final String SUSPENSION = "id, account_id, entitlement, reason, source, source_id, created_by, "
            + "created_at, lifted_at, lifted_by, lift_reason";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AccountStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An email the account had before its current one, current from {@code since} (null: the start) until {@code replacedAt}. */
    public record EarlierEmail(String email, Instant since, Instant replacedAt) {
    }

    /** Inserts the account unless its external id is taken; true when inserted. */
    public boolean insert(Account account) {
        return jdbc.sql("""
                        insert into accounts (tenant_id, id, external_id, email, metadata, created_at, country)
                        values (:tenant, :id, :external, :email, cast(:metadata as jsonb), :created, :country)
                        on conflict (tenant_id, external_id) do nothing""")
                .param("country", account.country())
                .param("tenant", account.tenantId()).param("id", account.id())
                .param("external", account.externalId()).param("email", account.email())
                .param("metadata", Metadata.toJson(json, account.metadata()))
                .param("created", Timestamp.from(account.createdAt()))
                .update() == 1;
    }

    public Optional<Account> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + ACCOUNT + " from accounts where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(this::account).optional();
    }

    public Set<UUID> existing(UUID tenantId, Collection<UUID> ids) {
        return new HashSet<>(jdbc.sql("select id from accounts where tenant_id = :tenant and id in (:ids)")
                .param("tenant", tenantId).param("ids", ids).query(UUID.class).list());
    }

    /** Locks the account row, so that two updates are applied one after the other. */
    public Optional<Account> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select " + ACCOUNT + " from accounts where tenant_id = :tenant and id = :id for update")
                .param("tenant", tenantId).param("id", id).query(this::account).optional();
    }

    /**
     * Newest first by id (ids are time-ordered), after {@code afterId} when given; {@code email}
     * (any case) and {@code externalId} filter when not null.
     */
    public List<Account> page(UUID tenantId, String email, String externalId, UUID afterId, int limit) {
        return jdbc.sql("select " + ACCOUNT + """
                         from accounts where tenant_id = :tenant
                          and (cast(:email as text) is null or lower(email) = lower(cast(:email as text)))
                          and (cast(:external as text) is null or external_id = :external)
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("tenant", tenantId).param("email", email).param("external", externalId)
                .param("after", afterId).param("limit", limit).query(this::account).list();
    }

    public void update(UUID tenantId, UUID id, String email, Map<String, String> metadata, String country,
            Instant at) {
        jdbc.sql("""
                        update accounts set email = :email, metadata = cast(:metadata as jsonb), country = :country,
                               updated_at = :at
                        where tenant_id = :tenant and id = :id""")
                .param("country", country)
                .param("email", email).param("metadata", Metadata.toJson(json, metadata))
                .param("at", Timestamp.from(at)).param("tenant", tenantId).param("id", id)
                .update();
    }

    public void insertEarlierEmail(UUID tenantId, UUID accountId, EarlierEmail earlier, String by) {
        jdbc.sql("""
                        insert into account_email_history (tenant_id, account_id, email, since_at, replaced_at,
                                                           replaced_by)
                        values (:tenant, :account, :email, :since, :replaced, :by)""")
                .param("tenant", tenantId).param("account", accountId).param("email", earlier.email())
                .param("since", Sql.ts(earlier.since())).param("replaced", Timestamp.from(earlier.replacedAt()))
                .param("by", by)
                .update();
    }

    /** The account's earlier emails, oldest first. */
    public List<EarlierEmail> earlierEmails(UUID tenantId, UUID accountId) {
        return jdbc.sql("""
                        select email, since_at, replaced_at from account_email_history
                        where tenant_id = :tenant and account_id = :account order by replaced_at""")
                .param("tenant", tenantId).param("account", accountId)
                .query((rs, n) -> new EarlierEmail(rs.getString("email"), Sql.instant(rs, "since_at"),
                        Sql.instant(rs, "replaced_at")))
                .list();
    }

    public Optional<Account> findByExternalId(UUID tenantId, String externalId) {
        return jdbc.sql("select " + ACCOUNT + " from accounts where tenant_id = :tenant and external_id = :external")
                .param("tenant", tenantId).param("external", externalId).query(this::account).optional();
    }

    public List<Suspension> activeSuspensions(UUID tenantId, UUID accountId) {
        return jdbc.sql("select " + SUSPENSION + " from account_suspensions "
                        + "where tenant_id = :tenant and account_id = :account and lifted_at is null order by created_at, id")
                .param("tenant", tenantId).param("account", accountId).query(AccountStore::suspension).list();
    }

    /**
     * The account's suspensions in force, oldest first, in one statement with the check that the
     * account exists: empty when the tenant has no such account.
     */
    public Optional<List<Suspension>> activeSuspensionsOfExisting(UUID tenantId, UUID accountId) {
        List<Optional<Suspension>> rows = jdbc.sql("""
                        select a.id as existing_account, s.id, s.account_id, s.entitlement, s.reason, s.source,
                               s.source_id, s.created_by, s.created_at, s.lifted_at, s.lifted_by, s.lift_reason
                        from accounts a
                        left join account_suspensions s
                             on s.tenant_id = :tenant and s.account_id = :account and s.lifted_at is null
                        where a.tenant_id = :tenant and a.id = :account
                        order by s.created_at, s.id""")
                .param("tenant", tenantId).param("account", accountId)
                .query((rs, n) -> rs.getObject("id", UUID.class) == null ? Optional.<Suspension>empty()
                        : Optional.of(suspension(rs, n)))
                .list();
        return rows.isEmpty() ? Optional.empty()
                : Optional.of(rows.stream().flatMap(Optional::stream).toList());
    }

    public Optional<Suspension> findSuspension(UUID tenantId, UUID accountId, UUID id) {
        return jdbc.sql("select " + SUSPENSION + " from account_suspensions "
                        + "where tenant_id = :tenant and account_id = :account and id = :id")
                .param("tenant", tenantId).param("account", accountId).param("id", id)
                .query(AccountStore::suspension).optional();
    }

    public void insertSuspension(UUID tenantId, Suspension s) {
        jdbc.sql("""
                        insert into account_suspensions (tenant_id, id, account_id, entitlement, reason, source,
                                                         source_id, created_by, created_at)
                        values (:tenant, :id, :account, :entitlement, :reason, :source, :sourceId, :by, :at)""")
                .param("tenant", tenantId).param("id", s.id()).param("account", s.accountId())
                .param("entitlement", s.entitlement().wireName()).param("reason", s.reason())
                .param("source", s.source()).param("sourceId", s.sourceId()).param("by", s.createdBy())
                .param("at", Timestamp.from(s.createdAt()))
                .update();
    }

    /** Lifts the suspension if it is still in force; true when this call lifted it. */
    public boolean lift(UUID tenantId, UUID id, String by, String reason, Instant at) {
        return jdbc.sql("""
                        update account_suspensions set lifted_at = :at, lifted_by = :by, lift_reason = :reason
                        where tenant_id = :tenant and id = :id and lifted_at is null""")
                .param("tenant", tenantId).param("id", id).param("by", by).param("reason", reason)
                .param("at", Timestamp.from(at))
                .update() == 1;
    }

    private Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getString("external_id"), rs.getString("email"), Metadata.fromJson(json, rs.getString("metadata")),
                rs.getTimestamp("created_at").toInstant(), Sql.instant(rs, "updated_at"), rs.getString("country"));
    }

    private static Suspension suspension(ResultSet rs, int row) throws SQLException {
        Timestamp lifted = rs.getTimestamp("lifted_at");
        return new Suspension(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                Entitlement.fromWire(rs.getString("entitlement")), rs.getString("reason"), rs.getString("source"),
                rs.getString("source_id"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                lifted == null ? null : lifted.toInstant(), rs.getString("lifted_by"), rs.getString("lift_reason"));
    }

    /**
     * The active suspensions of each of the tenant's {@code accountIds} that exists (an account that
     * does not is absent from the answer), in one statement.
     */
    public Map<UUID, List<Suspension>> activeSuspensionsOfExisting(UUID tenantId, Collection<UUID> accountIds) {
        Map<UUID, List<Suspension>> byAccount = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                        select a.id as existing_account, s.id, s.account_id, s.entitlement, s.reason, s.source,
                               s.source_id, s.created_by, s.created_at, s.lifted_at, s.lifted_by, s.lift_reason
                        from accounts a
                        left join account_suspensions s
                             on s.tenant_id = a.tenant_id and s.account_id = a.id and s.lifted_at is null
                        where a.tenant_id = :tenant and a.id = any(cast(:accounts as uuid[]))
                        order by a.id, s.created_at, s.id""")
                .param("tenant", tenantId).param("accounts", accountIds.toArray(UUID[]::new))
                .query((rs, n) -> {
                    List<Suspension> active = byAccount.computeIfAbsent(rs.getObject("existing_account", UUID.class),
                            a -> new java.util.ArrayList<>());
                    if (rs.getObject("id", UUID.class) != null) {
                        active.add(suspension(rs, n));
                    }
                    return active;
                })
                .list();
        return byAccount;
    }
}
