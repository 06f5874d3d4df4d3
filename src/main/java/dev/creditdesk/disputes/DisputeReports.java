package dev.creditdesk.disputes;

import dev.creditdesk.disputes.internal.DisputeReportStore;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.springframework.stereotype.Service;

/** The dashboard's view of disputes: how many are open, the money at stake, and how many need evidence soon. */
@Service
public class DisputeReports {

    /** Evidence due within this long counts as due soon. */
    public static final Duration DUE_SOON = Duration.ofDays(3);

    private final DisputeReportStore store;

    DisputeReports(DisputeReportStore store) {
        this.store = store;
    }

    public record Open(Money atStake, long count, long evidenceDueSoon) {
    }

    /** Open disputes per currency, with those whose evidence is due within {@link #DUE_SOON} of {@code now}. */
    public List<Open> open(UUID tenantId, Instant now) {
        return store.open(tenantId, now.plus(DUE_SOON)).stream()
                .map(o -> new Open(Money.of(CurrencyUnit.of(o.currency()), o.amount(), RoundingMode.HALF_EVEN),
                        o.count(), o.dueSoon()))
                .toList();
    }
}
