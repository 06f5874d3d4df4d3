package dev.creditdesk.compensation.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.compensation.Compensation;
import dev.creditdesk.compensation.CompensationSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CompensationStore {

    private final JdbcClient jdbc;

    CompensationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CompensationSettings> settings(UUID tenantId) {
        return jdbc.sql("select * from outage_compensation_settings where tenant_id = :t")
                .param("t", tenantId)
                .query((rs, n) -> new CompensationSettings(rs.getString("mode"), rs.getBigDecimal("threshold_hours"),
                        (Long) rs.getObject("credits", Long.class), (Integer) rs.getObject("credit_expiry_days", Integer.class),
                        rs.getString("updated_by"), instant(rs, "updated_at")))
                .optional();
    }

    public void saveSettings(UUID tenantId, CompensationSettings s) {
        jdbc.sql("""
                        insert into outage_compensation_settings (tenant_id, mode, threshold_hours, credits,
                                                                  credit_expiry_days, updated_by, updated_at)
                        values (:t, :mode, :threshold, :credits, :expiry, :by, :at)
                        on conflict (tenant_id) do update set mode = excluded.mode,
                            threshold_hours = excluded.threshold_hours, credits = excluded.credits,
                            credit_expiry_days = excluded.credit_expiry_days, updated_by = excluded.updated_by,
                            updated_at = excluded.updated_at""")
                .param("t", tenantId).param("mode", s.mode()).param("threshold", s.thresholdHours())
                .param("credits", s.credits()).param("expiry", s.creditExpiryDays()).param("by", s.updatedBy())
                .param("at", ts(s.updatedAt()))
                .update();
    }

    /**
     * Claims the incident for compensation. False when a run exists: a concurrent run waits here for
     * the first to commit and then finds its row, so only one run ever does the work.
     */
    public boolean claim(UUID tenantId, UUID incidentId, String mode, BigDecimal threshold, BigDecimal hours,
            String ranBy, Instant at) {
        return jdbc.sql("""
                        insert into outage_compensation_runs (tenant_id, incident_id, mode, threshold_hours,
                                                              incident_hours, ran_by, ran_at)
                        values (:t, :incident, :mode, :threshold, :hours, :by, :at)
                        on conflict (tenant_id, incident_id) do nothing""")
                .param("t", tenantId).param("incident", incidentId).param("mode", mode).param("threshold", threshold)
                .param("hours", hours).param("by", ranBy).param("at", ts(at))
                .update() == 1;
    }

    /** Records one account's compensation; the primary key refuses a second one for the incident. */
    public void insert(UUID tenantId, UUID incidentId, Compensation.Affected a) {
        jdbc.sql("""
                        insert into outage_compensations (tenant_id, incident_id, account_id, order_id, credits, block_id,
                                                          refund_request_id, created_at)
                        values (:t, :incident, :account, :order, :credits, :block, :request, :at)""")
                .param("t", tenantId).param("incident", incidentId).param("account", a.accountId())
                .param("order", a.orderId()).param("credits", a.credits()).param("block", a.blockId())
                .param("request", a.refundRequestId()).param("at", ts(a.createdAt()))
                .update();
    }

    public void countAccounts(UUID tenantId, UUID incidentId) {
        jdbc.sql("""
                        update outage_compensation_runs set accounts = (select count(*) from outage_compensations c
                            where c.tenant_id = :t and c.incident_id = :incident)
                        where tenant_id = :t and incident_id = :incident""")
                .param("t", tenantId).param("incident", incidentId).update();
    }

    public Optional<Compensation> find(UUID tenantId, UUID incidentId) {
        List<Compensation.Affected> accounts = jdbc.sql("""
                        select * from outage_compensations where tenant_id = :t and incident_id = :incident
                        order by account_id""")
                .param("t", tenantId).param("incident", incidentId)
                .query((rs, n) -> new Compensation.Affected(rs.getObject("account_id", UUID.class),
                        rs.getObject("order_id", UUID.class), (Long) rs.getObject("credits", Long.class),
                        rs.getObject("block_id", UUID.class), rs.getObject("refund_request_id", UUID.class),
                        instant(rs, "created_at")))
                .list();
        return jdbc.sql("select * from outage_compensation_runs where tenant_id = :t and incident_id = :incident")
                .param("t", tenantId).param("incident", incidentId)
                .query((rs, n) -> new Compensation(incidentId, "compensated", null, rs.getString("mode"),
                        rs.getBigDecimal("threshold_hours"), rs.getBigDecimal("incident_hours").stripTrailingZeros(),
                        rs.getString("ran_by"), instant(rs, "ran_at"), accounts))
                .optional();
    }
}
