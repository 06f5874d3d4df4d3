package dev.creditdesk.subscriptions.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.shared.Metadata;
import dev.creditdesk.subscriptions.Subscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class SubscriptionStore {

    public record Due(UUID tenantId, UUID id) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SubscriptionStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(UUID tenantId, Subscription s) {
        jdbc.sql("""
                        insert into subscriptions (tenant_id, id, account_id, plan_id, provider, provider_subscription_id,
                                                   status, current_period_start, current_period_end, created_at,
                                                   metadata, channel)
                        values (:t, :id, :account, :plan, :provider, :providerId, 'active', :start, :end, :created,
                                cast(:metadata as jsonb), :channel)""")
                .param("channel", s.channel())
                .param("metadata", Metadata.toJson(json, s.metadata()))
                .param("t", tenantId).param("id", s.id()).param("account", s.accountId()).param("plan", s.planId())
                .param("provider", s.provider()).param("providerId", s.providerSubscriptionId())
                .param("start", ts(s.currentPeriodStart())).param("end", ts(s.currentPeriodEnd()))
                .param("created", ts(s.createdAt()))
                .update();
    }

    public Optional<Subscription> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from subscriptions where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(this::map).optional();
    }

    public Optional<Subscription> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from subscriptions where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query(this::map).optional();
    }

    /** Newest first by id, after {@code afterId} when given; filters null for any. */
    public List<Subscription> page(UUID tenantId, UUID accountId, String status, UUID afterId, int limit) {
        return jdbc.sql("""
                        select * from subscriptions where tenant_id = :t
                          and (cast(:account as uuid) is null or account_id = :account)
                          and (cast(:status as text) is null or status = :status)
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("t", tenantId).param("account", accountId).param("status", status).param("after", afterId)
                .param("limit", limit).query(this::map).list();
    }

    public Optional<Subscription> findByProviderId(UUID tenantId, String provider, String providerId) {
        return jdbc.sql("select * from subscriptions where tenant_id = :t and provider = :p and provider_subscription_id = :pid")
                .param("t", tenantId).param("p", provider).param("pid", providerId)
                .query(this::map).optional();
    }

    /** Pauses (until set) or unpauses (null). */
    public void setPausedUntil(UUID tenantId, UUID id, Instant until) {
        jdbc.sql("update subscriptions set paused_until = :until where tenant_id = :t and id = :id")
                .param("until", ts(until)).param("t", tenantId).param("id", id).update();
    }

    /** Undoes a cancellation at period end. */
    public void reinstate(UUID tenantId, UUID id) {
        jdbc.sql("update subscriptions set cancel_at_period_end = false, canceled_at = null where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).update();
    }

    public void changePlan(UUID tenantId, UUID id, String planId) {
        jdbc.sql("update subscriptions set plan_id = :plan where tenant_id = :t and id = :id")
                .param("plan", planId).param("t", tenantId).param("id", id).update();
    }

    public void advancePeriod(UUID tenantId, UUID id, Instant start, Instant end) {
        jdbc.sql("""
                        update subscriptions set current_period_start = :start, current_period_end = :end,
                               periods = periods + 1, paused_until = null
                        where tenant_id = :t and id = :id""")
                .param("start", ts(start)).param("end", ts(end)).param("t", tenantId).param("id", id).update();
    }

    public void cancelAtPeriodEnd(UUID tenantId, UUID id, Instant at) {
        jdbc.sql("update subscriptions set cancel_at_period_end = true, canceled_at = :at where tenant_id = :t and id = :id")
                .param("at", ts(at)).param("t", tenantId).param("id", id).update();
    }

    /** Ends an active subscription; answers whether it was active. */
    public boolean end(UUID tenantId, UUID id, String reason, Instant at) {
        return jdbc.sql("""
                        update subscriptions set status = 'ended', ended_at = :at, end_reason = :reason
                        where tenant_id = :t and id = :id and status = 'active'""")
                .param("at", ts(at)).param("reason", reason).param("t", tenantId).param("id", id).update() == 1;
    }

    /** Suspends (source set) or resumes (source null). */
    public void setSuspension(UUID tenantId, UUID id, Instant at, String source, String sourceId) {
        jdbc.sql("""
                        update subscriptions set suspended_at = :at, suspension_source = :source,
                               suspension_source_id = :sourceId
                        where tenant_id = :t and id = :id""")
                .param("at", ts(at)).param("source", source).param("sourceId", sourceId)
                .param("t", tenantId).param("id", id).update();
    }

    /** Active subscriptions whose period is over, claimed so that another node skips them. */
    public List<Due> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        select tenant_id, id from subscriptions where status = 'active' and suspended_at is null
                          and current_period_end <= :now and (paused_until is null or paused_until <= :now)
                        order by current_period_end limit :limit for update skip locked""")
                .param("now", ts(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
    }

    private Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("plan_id"), rs.getString("provider"), rs.getString("provider_subscription_id"),
                rs.getString("status"), rs.getBoolean("cancel_at_period_end"), instant(rs, "current_period_start"),
                instant(rs, "current_period_end"), rs.getInt("periods"), instant(rs, "created_at"),
                instant(rs, "canceled_at"), instant(rs, "ended_at"), rs.getString("end_reason"),
                instant(rs, "suspended_at"), rs.getString("suspension_source"), rs.getString("suspension_source_id"),
                Metadata.fromJson(json, rs.getString("metadata")), rs.getString("channel"),
                instant(rs, "paused_until"));
    }
}
