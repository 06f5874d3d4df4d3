package dev.creditdesk.refunds;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A replay of a candidate policy version ({@code policyId} at {@code version}, its document kept
 * with it) over the tenant's requests received in [{@code from}, {@code to}), or, with
 * {@code asIf}, over its orders purchased then, as if a request had come a number of days after
 * each. It runs in the background: {@code processed} of about {@code total} cases so far, then
 * the {@code report} (the JSON of a replay report) or the {@code error} that stopped it.
 */
public record PolicySimulation(UUID tenantId, UUID id, String policyId, String version, String document, Instant from,
        Instant to, @Nullable AsIf asIf, @Nullable Duration handlingTime, Status status, long processed,
        @Nullable Long total, long changesStored, @Nullable Map<String, Object> report, @Nullable String error,
        String createdBy, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    /** Where a simulation is; only queued and running ones still move. */
    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    /** Past orders, each as if a request of {@code category} had come {@code day} days after its purchase. */
    public record AsIf(String category, int day) {
    }

    /** What the caller asks for; the service checks it and fills the defaults. */
    public record Request(String policyId, @Nullable String version, @Nullable String document, @Nullable Instant from,
            @Nullable Instant to, @Nullable AsIf asIf, @Nullable Duration handlingTime) {
    }
}
