package dev.creditdesk.refunds;

import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.refunds.internal.RefundReportStore;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The refund figures a support lead watches: the queue by status, what is overdue, how many cases
 * were decided by their due date, and what was refunded by policy outcome, rule and week (count,
 * and money per currency). Weeks start on Monday in the tenant's timezone. Reads only.
 */
@Service
public class RefundReports {

    private final RefundReportStore store;
    private final Orders orders;

    RefundReports(RefundReportStore store, Orders orders) {
        this.store = store;
        this.orders = orders;
    }

    /** Cases decided by a person (the policy decides alone at once) that had a due date; how many by then. */
    public record Sla(long decided, long onTime) {

        /** The share decided on time, in whole percent; null when nothing was decided. */
        public Integer percent() {
            return decided == 0 ? null : (int) Math.round(100.0 * onTime / decided);
        }
    }

    /** Decided cases of one group, and the money refunded for them, per currency. */
    public record Refunded(long count, Map<CurrencyUnit, Money> money) {

        static Refunded none() {
            return new Refunded(0, new TreeMap<>());
        }

        Refunded plus(Optional<Money> refunded) {
            Map<CurrencyUnit, Money> sum = new TreeMap<>(money);
            refunded.filter(m -> m.isPositive()).ifPresent(m -> sum.merge(m.getCurrencyUnit(), m, Money::plus));
            return new Refunded(count + 1, sum);
        }
    }

    public record Week(LocalDate start, Sla sla, Refunded refunded) {
    }

    public record Overview(Map<CaseStatus, Long> queue, long overdue, Sla last30Days, List<Week> weeks,
            Map<String, Refunded> byOutcome, Map<String, Refunded> byRule) {
    }

    /** The figures now, with {@code weeks} whole weeks back (this one included). */
    @Transactional(readOnly = true)
    public Overview overview(UUID tenantId, ZoneId zone, Instant now, int weeks) {
        if (weeks < 1 || weeks > 52) {
            throw new IllegalArgumentException("weeks must be 1 to 52");
        }
        Map<CaseStatus, Long> queue = new LinkedHashMap<>();
        Map<String, Long> counted = store.countByStatus(tenantId);
        for (CaseStatus status : CaseStatus.values()) {
            queue.put(status, counted.getOrDefault(status.wireName(), 0L));
        }
        LocalDate thisWeek = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstWeek = thisWeek.minusWeeks(weeks - 1);
        Instant thirtyDaysAgo = now.minus(Duration.ofDays(30));
        Instant since = firstWeek.atStartOfDay(zone).toInstant();
        since = since.isBefore(thirtyDaysAgo) ? since : thirtyDaysAgo;

        Map<LocalDate, Sla> slaByWeek = new TreeMap<>();
        Map<LocalDate, Refunded> refundedByWeek = new TreeMap<>();
        for (LocalDate w = firstWeek; !w.isAfter(thisWeek); w = w.plusWeeks(1)) {
            slaByWeek.put(w, new Sla(0, 0));
            refundedByWeek.put(w, Refunded.none());
        }
        Sla last30 = new Sla(0, 0);
        Map<String, Refunded> byOutcome = new TreeMap<>();
        Map<String, Refunded> byRule = new TreeMap<>();
        Map<UUID, Optional<Order>> orderCache = new HashMap<>();
        for (RefundReportStore.Decided d : store.decidedSince(tenantId, since)) {
            boolean counts = d.dueAt() != null && !CaseDecisions.POLICY.equals(d.decidedBy());
            boolean onTime = counts && !d.decidedAt().isAfter(d.dueAt());
            if (counts && !d.decidedAt().isBefore(thirtyDaysAgo)) {
                last30 = new Sla(last30.decided() + 1, last30.onTime() + (onTime ? 1 : 0));
            }
            LocalDate week = d.decidedAt().atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (week.isBefore(firstWeek)) {
                continue;
            }
            if (counts) {
                slaByWeek.computeIfPresent(week, (w, s) -> new Sla(s.decided() + 1, s.onTime() + (onTime ? 1 : 0)));
            }
            Optional<Money> money = money(tenantId, d, orderCache);
            refundedByWeek.computeIfPresent(week, (w, r) -> r.plus(money));
            byOutcome.merge(d.outcome() == null ? "no policy" : d.outcome(), Refunded.none().plus(money), RefundReports::add);
            byRule.merge(d.rule() == null ? "no rule" : d.rule(), Refunded.none().plus(money), RefundReports::add);
        }
        List<Week> weekList = new ArrayList<>();
        slaByWeek.forEach((w, s) -> weekList.add(new Week(w, s, refundedByWeek.get(w))));
        return new Overview(queue, store.overdue(tenantId, now), last30, weekList, byOutcome, byRule);
    }

    private Optional<Money> money(UUID tenantId, RefundReportStore.Decided d, Map<UUID, Optional<Order>> cache) {
        if (d.refunded() == null || d.refunded().signum() <= 0) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(d.orderId(), id -> orders.find(tenantId, id))
                .map(o -> Money.of(o.total().getCurrencyUnit(), d.refunded(), java.math.RoundingMode.HALF_EVEN));
    }

    private static Refunded add(Refunded a, Refunded b) {
        Map<CurrencyUnit, Money> sum = new TreeMap<>(a.money());
        b.money().forEach((c, m) -> sum.merge(c, m, Money::plus));
        return new Refunded(a.count() + b.count(), sum);
    }

}
