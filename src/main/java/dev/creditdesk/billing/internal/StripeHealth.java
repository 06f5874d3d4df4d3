package dev.creditdesk.billing.internal;

import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health component {@code stripe}, from the outcome of the refund calls Creditdesk really
 * made: a probe never calls Stripe (that would cost a request per probe per node, and a tenant's
 * key). UNKNOWN until a call was made; DOWN after {@value #DOWN_AFTER} calls in a row found Stripe
 * unreachable or failing (a timeout, a connection error, HTTP 5xx or 429); UP otherwise. A refusal
 * of one refund (another 4xx, such as a charge already refunded or a tenant's wrong key) says
 * nothing about Stripe and counts as reached. The readiness group does not include it: a Stripe
 * outage delays refunds (they are retried) but must not take nodes out of service.
 */
@Component("stripeHealthIndicator")
public class StripeHealth implements HealthIndicator {

    static final int DOWN_AFTER = 3;

    private record Calls(Instant lastReached, Instant lastUnavailable, String lastProblem, int unavailableInARow) {
    }

    private final Clock clock;
    private volatile Calls calls = new Calls(null, null, null, 0);

    StripeHealth(Clock clock) {
        this.clock = clock;
    }

    /** Stripe answered a call (with success or a refusal of that one request). */
    synchronized void reached() {
        calls = new Calls(clock.instant(), calls.lastUnavailable(), calls.lastProblem(), 0);
    }

    /** A call found Stripe unreachable or failing; {@code problem} is a kind (an HTTP status, an exception's class), never a message. */
    synchronized void unavailable(String problem) {
        Calls was = calls;
        calls = new Calls(was.lastReached(), clock.instant(), problem, was.unavailableInARow() + 1);
    }

    @Override
    public Health health() {
        Calls now = calls;
        Health.Builder health = now.lastReached() == null && now.lastUnavailable() == null ? Health.unknown()
                : now.unavailableInARow() >= DOWN_AFTER ? Health.down() : Health.up();
        health.withDetail("source", "outcome of recent refund calls; probes do not call Stripe");
        health.withDetail("unavailable_in_a_row", now.unavailableInARow());
        if (now.lastReached() != null) {
            health.withDetail("last_reached_at", now.lastReached().toString());
        }
        if (now.lastUnavailable() != null) {
            health.withDetail("last_unavailable_at", now.lastUnavailable().toString());
            health.withDetail("last_problem", now.lastProblem());
        }
        return health.build();
    }
}
