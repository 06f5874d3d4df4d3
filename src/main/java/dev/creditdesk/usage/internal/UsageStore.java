package dev.creditdesk.usage.internal;

import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.Sql;
import dev.creditdesk.usage.UsageEvent;
import dev.creditdesk.usage.UsageSpan;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage rows and their per-day rollup ({@code usage_daily}), which every write keeps in the same
 * statement. An aggregate sums the whole UTC days of its span from the rollup and reads raw rows
 * (from the covering index {@code usage_events_span}) only for the partial days at its edges.
 */
@Repository
public class UsageStore {

    private static final String COLUMNS = "id, external_id, task_id, account_id, kind, quantity, unit, occurred_at, "
            + "metadata, created_at";
    private static final String ROLLUP = """
            , rolled as (
                insert into usage_daily as d (tenant_id, account_id, kind, day, count, quantity)
                select cast(:tenant as uuid), account_id, kind, cast(occurred_at at time zone 'UTC' as date),
                       count(*), sum(quantity)
                from added group by 2, 3, 4 order by 2, 3, 4
                on conflict (tenant_id, account_id, kind, day)
                do update set count = d.count + excluded.count, quantity = d.quantity + excluded.quantity)
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    UsageStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Inserts the events whose external id is new (and adds them to the rollup, in the same
     * statement); answers the external ids inserted.
     */
    public List<String> insertNew(UUID tenantId, List<UsageEvent> events) {
        StringBuilder values = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            UsageEvent e = events.get(i);
            values.append(i == 0 ? "" : ", ").append("(cast(:tenant as uuid), :id").append(i).append(", :ext").append(i)
                    .append(", cast(:account").append(i).append(" as uuid), :kind").append(i).append(", :qty").append(i)
                    .append(", :unit").append(i).append(", cast(:at").append(i).append(" as timestamptz), cast(:meta")
                    .append(i).append(" as jsonb), cast(:created as timestamptz))");
            params.put("id" + i, e.id());
            params.put("ext" + i, e.externalId());
            params.put("account" + i, e.accountId());
            params.put("kind" + i, e.kind());
            params.put("qty" + i, e.quantity());
            params.put("unit" + i, e.unit());
            params.put("at" + i, Sql.ts(e.occurredAt()));
            params.put("meta" + i, Metadata.toJson(json, e.metadata()));
        }
        return jdbc.sql("""
                with added as (
                    insert into usage_events (tenant_id, id, external_id, account_id, kind, quantity, unit,
                                              occurred_at, metadata, created_at)
                    values %s
                    on conflict (tenant_id, external_id) where external_id is not null do nothing
                    returning external_id, account_id, kind, quantity, occurred_at)
                """.formatted(values) + ROLLUP + "select external_id from added")
                .params(params).param("tenant", tenantId)
                .param("created", Sql.ts(events.isEmpty() ? Instant.EPOCH : events.get(0).createdAt()))
                .query(String.class).list();
    }

    /** A completed task's usage row, with the rollup; false when the task was recorded already. */
    public boolean insertTask(UUID tenantId, UsageEvent e) {
        return !jdbc.sql("""
                        with added as (
                            insert into usage_events (tenant_id, id, task_id, account_id, kind, quantity, unit,
                                                      occurred_at, created_at)
                            values (:tenant, :id, :task, :account, :kind, :qty, :unit, :at, :created)
                            on conflict (tenant_id, task_id) where task_id is not null do nothing
                            returning account_id, kind, quantity, occurred_at)
                        """ + ROLLUP + "select 1 from added")
                .param("tenant", tenantId).param("id", e.id()).param("task", e.taskId())
                .param("account", e.accountId()).param("kind", e.kind()).param("qty", e.quantity())
                .param("unit", e.unit()).param("at", Sql.ts(e.occurredAt())).param("created", Sql.ts(e.createdAt()))
                .query(Integer.class).list().isEmpty();
    }

    /** Removes a task's usage row and takes it out of the rollup; false when there was none. */
    public boolean deleteTask(UUID tenantId, UUID accountId, UUID taskId) {
        return !jdbc.sql("""
                        with removed as (
                            delete from usage_events
                            where tenant_id = :tenant and account_id = :account and task_id = :task
                            returning kind, quantity, occurred_at),
                        rolled as (
                            update usage_daily d set count = d.count - 1, quantity = d.quantity - r.quantity
                            from removed r
                            where d.tenant_id = :tenant and d.account_id = :account and d.kind = r.kind
                              and d.day = cast(r.occurred_at at time zone 'UTC' as date))
                        select 1 from removed""")
                .param("tenant", tenantId).param("account", accountId).param("task", taskId)
                .query(Integer.class).list().isEmpty();
    }

    public List<UsageEvent> byExternalIds(UUID tenantId, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from usage_events where tenant_id = :tenant and external_id in (:ids)")
                .param("tenant", tenantId).param("ids", externalIds).query(this::map).list();
    }

    public Optional<UsageEvent> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from usage_events where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(this::map).optional();
    }

    /** Newest first by id, after {@code afterId} when given; filters null for any. */
    public List<UsageEvent> page(UUID tenantId, UUID accountId, String kind, UUID afterId, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from usage_events where tenant_id = :tenant
                          and (cast(:account as uuid) is null or account_id = :account)
                          and (cast(:kind as text) is null or kind = :kind)
                          and (cast(:after as uuid) is null or id < :after)
                        order by id desc limit :limit""")
                .param("tenant", tenantId).param("account", accountId).param("kind", kind)
                .param("after", afterId).param("limit", limit).query(this::map).list();
    }

    /**
     * The count and quantity of each span, in one statement: per span, the whole UTC days inside it
     * from the rollup and the rest (at most the two edge days) from raw rows.
     */
    public List<UsageTotal> totals(UUID tenantId, UUID accountId, List<UsageSpan> spans) {
        List<String> parts = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < spans.size(); i++) {
            UsageSpan span = spans.get(i);
            Instant from = span.from() == null ? null : span.from().truncatedTo(ChronoUnit.MICROS);
            // 'to' is inclusive; rows are stored to the microsecond
            Instant end = span.to().truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS);
            if (from != null && !from.isBefore(span.to())) {
                continue; // an empty span, such as "since a cancellation" that has not happened
            }
            params.put("kind" + i, span.kind());
            LocalDate firstDay = from == null ? null : firstWholeDay(from);
            LocalDate endDay = LocalDate.ofInstant(end, ZoneOffset.UTC);
            if (firstDay != null && !firstDay.isBefore(endDay)) {
                parts.add(raw(i, "occurred_at >= :from" + i + " and occurred_at < :end" + i));
                params.put("from" + i, Sql.ts(from));
                params.put("end" + i, Sql.ts(end));
                continue;
            }
            parts.add("select " + i + ", count, quantity from usage_daily where tenant_id = :tenant "
                    + "and account_id = :account and kind = :kind" + i
                    + (firstDay == null ? "" : " and day >= :firstDay" + i) + " and day < :endDay" + i);
            params.put("endDay" + i, endDay);
            params.put("endDayStart" + i, Sql.ts(endDay.atStartOfDay(ZoneOffset.UTC).toInstant()));
            params.put("end" + i, Sql.ts(end));
            parts.add(raw(i, "occurred_at >= :endDayStart" + i + " and occurred_at < :end" + i));
            if (firstDay != null) {
                params.put("firstDay" + i, firstDay);
                params.put("from" + i, Sql.ts(from));
                params.put("firstDayStart" + i, Sql.ts(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant()));
                parts.add(raw(i, "occurred_at >= :from" + i + " and occurred_at < :firstDayStart" + i));
            }
        }
        List<UsageTotal> totals = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            totals.add(UsageTotal.NONE);
        }
        if (parts.isEmpty()) {
            return totals;
        }
        jdbc.sql("select i, sum(c) as c, sum(q) as q from (" + String.join("\nunion all ", parts)
                        + ") as spans (i, c, q) group by i")
                .params(params).param("tenant", tenantId).param("account", accountId)
                .query((rs, row) -> totals.set(rs.getInt("i"),
                        new UsageTotal(rs.getLong("c"), rs.getBigDecimal("q").stripTrailingZeros())))
                .list();
        return totals;
    }

    private static String raw(int i, String range) {
        return "select " + i + ", count(*), coalesce(sum(quantity), 0) from usage_events where tenant_id = :tenant "
                + "and account_id = :account and kind = :kind" + i + " and " + range;
    }

    /** The first UTC day that starts at or after {@code from}. */
    private static LocalDate firstWholeDay(Instant from) {
        LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(from) ? day : day.plusDays(1);
    }

    private UsageEvent map(ResultSet rs, int row) throws SQLException {
        return new UsageEvent(rs.getObject("id", UUID.class), rs.getString("external_id"),
                rs.getObject("task_id", UUID.class), rs.getObject("account_id", UUID.class), rs.getString("kind"),
                rs.getBigDecimal("quantity").stripTrailingZeros(), rs.getString("unit"),
                Sql.instant(rs, "occurred_at"), Metadata.fromJson(json, rs.getString("metadata")),
                Sql.instant(rs, "created_at"));
    }

    /**
     * The usage rows of many completed tasks of the tenant, with the rollup, in one statement (a
     * task recorded already is left as it is); answers how many were written.
     */
    public int insertTasks(UUID tenantId, List<UsageEvent> events) {
        return jdbc.sql("""
                        with added as (
                            insert into usage_events (tenant_id, id, task_id, account_id, kind, quantity, unit,
                                                      occurred_at, created_at)
                            select cast(:tenant as uuid), e.id, e.task_id, e.account_id, e.kind,
                                   cast(e.quantity as numeric), e.unit, cast(e.occurred_at as timestamptz),
                                   cast(e.created_at as timestamptz)
                            from unnest(cast(:ids as uuid[]), cast(:tasks as uuid[]), cast(:accounts as uuid[]),
                                        cast(:kinds as text[]), cast(:quantities as text[]), cast(:units as text[]),
                                        cast(:occurred as text[]), cast(:created as text[]))
                                 as e(id, task_id, account_id, kind, quantity, unit, occurred_at, created_at)
                            on conflict (tenant_id, task_id) where task_id is not null do nothing
                            returning account_id, kind, quantity, occurred_at)
                        """ + ROLLUP + "select count(*) from added")
                .param("tenant", tenantId)
                .param("ids", events.stream().map(UsageEvent::id).toArray(UUID[]::new))
                .param("tasks", events.stream().map(UsageEvent::taskId).toArray(UUID[]::new))
                .param("accounts", events.stream().map(UsageEvent::accountId).toArray(UUID[]::new))
                .param("kinds", events.stream().map(UsageEvent::kind).toArray(String[]::new))
                .param("quantities", events.stream().map(e -> e.quantity().toPlainString()).toArray(String[]::new))
                .param("units", events.stream().map(UsageEvent::unit).toArray(String[]::new))
                .param("occurred", events.stream().map(e -> e.occurredAt().toString()).toArray(String[]::new))
                .param("created", events.stream().map(e -> e.createdAt().toString()).toArray(String[]::new))
                .query(Integer.class).single();
    }
}
