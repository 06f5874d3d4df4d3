package dev.creditdesk.compensation;

import dev.creditdesk.compensation.internal.CompensationReportStore;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The dashboard's view of outage compensation: what was given since a moment. */
@Service
public class CompensationReports {

    private final CompensationReportStore store;

    CompensationReports(CompensationReportStore store) {
        this.store = store;
    }

    /** Incidents compensated, accounts reached, credits granted and cases opened for review. */
    public record Given(long incidents, long accounts, long credits, long reviewCases) {
    }

    public Given since(UUID tenantId, Instant since) {
        CompensationReportStore.Totals t = store.since(tenantId, since);
        return new Given(t.incidents(), t.accounts(), t.credits(), t.reviewCases());
    }
}
