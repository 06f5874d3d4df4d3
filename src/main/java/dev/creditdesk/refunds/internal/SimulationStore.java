package dev.creditdesk.refunds.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.PolicyReplay;
import dev.creditdesk.refunds.PolicySimulation;
import dev.creditdesk.refunds.PolicySimulation.Status;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Policy simulations and the changed cases they keep (policy_simulations, policy_simulation_changes). */
@Repository
public class SimulationStore {

    private static final String COLUMNS = """
            tenant_id, id, policy_id, version, document, received_from, received_to, orders_category, orders_day,
            handling_seconds, status, processed, total, changes_stored, report::text as report, error, created_by,
            created_at, started_at, finished_at""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    SimulationStore(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    public void insert(PolicySimulation s) {
        jdbc.sql("""
                        insert into policy_simulations (tenant_id, id, policy_id, version, document, received_from,
                            received_to, orders_category, orders_day, handling_seconds, status, created_by, created_at)
                        values (:t, :id, :p, :v, :doc, :from, :to, :cat, :day, :handling, 'queued', :by, :at)""")
                .param("t", s.tenantId()).param("id", s.id()).param("p", s.policyId()).param("v", s.version())
                .param("doc", s.document()).param("from", ts(s.from())).param("to", ts(s.to()))
                .param("cat", s.asIf() == null ? null : s.asIf().category(), Types.VARCHAR)
                .param("day", s.asIf() == null ? null : s.asIf().day(), Types.INTEGER)
                .param("handling", s.handlingTime() == null ? null : (int) s.handlingTime().toSeconds(), Types.INTEGER)
                .param("by", s.createdBy()).param("at", ts(s.createdAt())).update();
    }

    public Optional<PolicySimulation> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from policy_simulations where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(this::row).optional();
    }

    /** The tenant's simulations of a policy, newest first, after {@code after} when given. */
    public List<PolicySimulation> recent(UUID tenantId, String policyId, @Nullable PolicySimulation after,
            int limit) {
        return jdbc.sql("select " + COLUMNS + " from policy_simulations where tenant_id = :t and policy_id = :p "
                        + "and (cast(:at as timestamptz) is null or (created_at, id) < (:at, :id)) "
                        + "order by created_at desc, id desc limit :n")
                .param("t", tenantId).param("p", policyId)
                .param("at", after == null ? null : ts(after.createdAt()), Types.TIMESTAMP)
                .param("id", after == null ? null : after.id(), Types.OTHER).param("n", limit)
                .query(this::row).list();
    }

    /**
     * Queues {@code s} unless its tenant already has {@code max} simulations queued or running; false
     * then, and nothing is written. The tenant's simulations are counted under a lock held to the end
     * of the transaction, so requests at the same moment cannot all pass the limit.
     */
    @Transactional
    public boolean insertUnlessTooMany(PolicySimulation s, int max) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('creditdesk.policy-simulations'), hashtext(:t::text))")
                .param("t", s.tenantId()).query().listOfRows();
        if (active(s.tenantId()) >= max) {
            return false;
        }
        insert(s);
        return true;
    }

    /** How many of the tenant's simulations are queued or running. */
    public long active(UUID tenantId) {
        return jdbc.sql("select count(*) from policy_simulations where tenant_id = :t and status in ('queued', 'running')")
                .param("t", tenantId).query(Long.class).single();
    }

    /**
     * Claims the oldest queued simulation for this node: it becomes running. Simulations another
     * node is claiming are skipped, not waited for.
     */
    public Optional<PolicySimulation> claim(Instant now) {
        return jdbc.sql("""
                        update policy_simulations set status = 'running', started_at = :now, heartbeat_at = :now
                        where (tenant_id, id) = (select tenant_id, id from policy_simulations where status = 'queued'
                                                 order by created_at, id limit 1 for update skip locked)
                        returning\s""" + COLUMNS)
                .param("now", ts(now)).query(this::row).optional();
    }

    /** Records progress and the heartbeat; false when the simulation is no longer running (failed as stale). */
    public boolean progress(PolicySimulation s, long processed, @Nullable Long total, Instant now) {
        return 1 == jdbc.sql("""
                        update policy_simulations set processed = greatest(processed, :n), total = coalesce(:total, total),
                               heartbeat_at = :now
                        where tenant_id = :t and id = :id and status = 'running'""")
                .param("n", processed).param("total", total, Types.BIGINT).param("now", ts(now))
                .param("t", s.tenantId()).param("id", s.id()).update();
    }

    /** Records the report; false (and its changes dropped) when the simulation was failed meanwhile. */
    public boolean succeeded(PolicySimulation s, long processed, Map<String, Object> report, long changesStored,
            Instant now) {
        int updated = jdbc.sql("""
                        update policy_simulations set status = 'succeeded', processed = :n, total = :n,
                               report = cast(:report as jsonb), changes_stored = :stored, finished_at = :now,
                               heartbeat_at = :now
                        where tenant_id = :t and id = :id and status = 'running'""")
                .param("n", processed).param("report", json.writeValueAsString(report)).param("stored", changesStored)
                .param("now", ts(now)).param("t", s.tenantId()).param("id", s.id()).update();
        if (updated == 0) {
            dropChanges(s.tenantId(), s.id());
        }
        return updated == 1;
    }

    /** Fails a simulation and drops the changes it kept so far (a failed simulation lists none). */
    public void failed(PolicySimulation s, String error, Instant now) {
        jdbc.sql("""
                        update policy_simulations set status = 'failed', error = :error, finished_at = :now
                        where tenant_id = :t and id = :id and status in ('queued', 'running')""")
                .param("error", error).param("now", ts(now)).param("t", s.tenantId()).param("id", s.id()).update();
        dropChanges(s.tenantId(), s.id());
    }

    private void dropChanges(UUID tenantId, UUID simulationId) {
        jdbc.sql("delete from policy_simulation_changes where tenant_id = :t and simulation_id = :s")
                .param("t", tenantId).param("s", simulationId).update();
    }

    /** Fails the running simulations no node has reported on since {@code before}; how many. */
    public int failStale(Instant before, Instant now) {
        return jdbc.sql("""
                        with stale as (
                            update policy_simulations set status = 'failed', finished_at = :now,
                                   error = 'The node running it stopped before it finished; run it again.'
                            where status = 'running' and heartbeat_at < :before
                            returning tenant_id, id),
                        dropped as (
                            delete from policy_simulation_changes c using stale
                            where c.tenant_id = stale.tenant_id and c.simulation_id = stale.id)
                        select count(*) from stale""")
                .param("before", ts(before)).param("now", ts(now)).query(Integer.class).single();
    }

    /** Keeps changed cases of a simulation, in one batch. */
    public void insertChanges(PolicySimulation s, List<PolicyReplay.Change> changes) {
        template.batchUpdate("""
                insert into policy_simulation_changes (tenant_id, simulation_id, case_id, received_at, currency,
                    before_outcome, before_rule, before_amount, before_credits, before_review,
                    after_outcome, after_rule, after_amount, after_credits, after_review, money_difference)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", changes, 500, (ps, c) -> {
                    ps.setObject(1, s.tenantId());
                    ps.setObject(2, s.id());
                    ps.setString(3, c.caseId());
                    ps.setTimestamp(4, ts(c.receivedAt()));
                    ps.setString(5, c.currency());
                    verdict(ps, 6, c.before());
                    verdict(ps, 11, c.after());
                    ps.setString(16, c.moneyDifference().toPlainString());
                });
    }

    private static void verdict(PreparedStatement ps, int at, PolicyReplay.Verdict v) throws SQLException {
        ps.setString(at, v.outcome().wireName());
        ps.setString(at + 1, v.ruleId());
        ps.setString(at + 2, v.amount() == null ? null : v.amount().toPlainString());
        ps.setLong(at + 3, v.creditsRemoved());
        ps.setBoolean(at + 4, v.review());
    }

    /**
     * A page of a simulation's changed cases, oldest first, after the case {@code afterCase}
     * received at {@code afterAt} (null: from the first); {@code limit + 1} rows, the last telling there is more.
     */
    public List<PolicyReplay.Change> changes(UUID tenantId, UUID simulationId, @Nullable Instant afterAt,
            @Nullable String afterCase, int limit) {
        return jdbc.sql("""
                        select case_id, received_at, currency, before_outcome, before_rule, before_amount, before_credits,
                               before_review, after_outcome, after_rule, after_amount, after_credits, after_review
                        from policy_simulation_changes
                        where tenant_id = :t and simulation_id = :s
                          and (cast(:at as timestamptz) is null or (received_at, case_id) > (:at, :case))
                        order by received_at, case_id limit :n""")
                .param("t", tenantId).param("s", simulationId).param("at", afterAt == null ? null : ts(afterAt), Types.TIMESTAMP)
                .param("case", afterCase, Types.VARCHAR).param("n", limit + 1)
                .query((rs, n) -> new PolicyReplay.Change(rs.getString(1), instant(rs, "received_at"), rs.getString(3),
                        verdict(rs, 4), verdict(rs, 9)))
                .list();
    }

    /** The received_at of a simulation's changed case, for a cursor naming it. */
    public Optional<Instant> changeReceivedAt(UUID tenantId, UUID simulationId, String caseId) {
        return jdbc.sql("select received_at from policy_simulation_changes where tenant_id = :t and simulation_id = :s "
                        + "and case_id = :c")
                .param("t", tenantId).param("s", simulationId).param("c", caseId)
                .query((rs, n) -> instant(rs, "received_at")).optional();
    }

    private static PolicyReplay.Verdict verdict(ResultSet rs, int at) throws SQLException {
        String amount = rs.getString(at + 2);
        return new PolicyReplay.Verdict(Outcome.fromWire(rs.getString(at)), rs.getString(at + 1),
                amount == null ? null : new BigDecimal(amount), rs.getLong(at + 3), rs.getBoolean(at + 4));
    }

    @SuppressWarnings("unchecked")
    private PolicySimulation row(ResultSet rs, int n) throws SQLException {
        String category = rs.getString("orders_category");
        int handling = rs.getInt("handling_seconds");
        Duration handlingTime = rs.wasNull() ? null : Duration.ofSeconds(handling);
        String report = rs.getString("report");
        long total = rs.getLong("total");
        Long totalOrNull = rs.wasNull() ? null : total;
        return new PolicySimulation(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getString("policy_id"), rs.getString("version"), rs.getString("document"),
                instant(rs, "received_from"), instant(rs, "received_to"),
                category == null ? null : new PolicySimulation.AsIf(category, rs.getInt("orders_day")), handlingTime,
                Status.fromWire(rs.getString("status")), rs.getLong("processed"), totalOrNull,
                rs.getLong("changes_stored"), report == null ? null : json.readValue(report, Map.class),
                rs.getString("error"), rs.getString("created_by"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }
}
