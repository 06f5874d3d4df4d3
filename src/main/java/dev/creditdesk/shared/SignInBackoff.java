package dev.creditdesk.shared;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Failed console sign-ins per client address, kept in the database so every node sees them. After
 * {@code failures} failures in a row an address is locked out for {@code firstLockout}, and each
 * further failure doubles the lockout up to {@code maxLockout}. During a lockout no key is checked,
 * not even the right one, so guessing stays slow however many nodes answer. A success forgets the
 * address; so does a quiet {@code forgetAfter}.
 */
public final class SignInBackoff {

    public record Settings(int failures, Duration firstLockout, Duration maxLockout, Duration forgetAfter) {

        public Settings {
            if (failures < 1 || firstLockout.isNegative() || firstLockout.isZero()
                    || maxLockout.compareTo(firstLockout) < 0 || forgetAfter.isNegative()) {
                throw new IllegalArgumentException("creditdesk.rate-limits.sign-in: failures must be positive, "
                        + "first-lockout positive and max-lockout at least as long: " + this);
            }
        }

        /** The lockout after the {@code failures}-th failure in a row: zero before the threshold. */
        Duration lockoutAfter(int failuresInARow) {
            int beyond = failuresInARow - failures;
            if (beyond < 0) {
                return Duration.ZERO;
            }
            Duration lockout = firstLockout;
            for (int i = 0; i < beyond && lockout.compareTo(maxLockout) < 0; i++) {
                lockout = lockout.multipliedBy(2);
            }
            return lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean enabled;
    private final Settings settings;
    private final Map<String, Settings> perAddress = new ConcurrentHashMap<>();

    public SignInBackoff(JdbcClient jdbc, Clock clock, boolean enabled, Settings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.enabled = enabled;
        this.settings = Objects.requireNonNull(settings);
    }

    /** How long sign-in from this address stays refused, if it is locked out now. */
    public Optional<Duration> lockedFor(String address) {
        if (!enabled) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbc.sql("select locked_until from sign_in_failures where address = :address and locked_until > :now")
                .param("address", address).param("now", Timestamp.from(now))
                .query((rs, n) -> Duration.between(now, rs.getTimestamp(1).toInstant()))
                .optional();
    }

    /** Counts a failed sign-in; returns the lockout it started (zero below the threshold). */
    public Duration failed(String address) {
        if (!enabled) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        Settings rules = perAddress.getOrDefault(address, settings);
        int failures = jdbc.sql("""
                        insert into sign_in_failures as f (address, failures, last_failure_at)
                        values (:address, 1, :now)
                        on conflict (address) do update
                        set failures = case when f.last_failure_at < :forgetBefore then 1 else f.failures + 1 end,
                            last_failure_at = :now
                        returning failures""")
                .param("address", address).param("now", Timestamp.from(now))
                .param("forgetBefore", Timestamp.from(now.minus(rules.forgetAfter())))
                .query(Integer.class).single();
        Duration lockout = rules.lockoutAfter(failures);
        if (!lockout.isZero()) {
            jdbc.sql("update sign_in_failures set locked_until = :until where address = :address")
                    .param("until", Timestamp.from(now.plus(lockout))).param("address", address)
                    .update();
        }
        return lockout;
    }

    public void succeeded(String address) {
        if (enabled) {
            jdbc.sql("delete from sign_in_failures where address = :address").param("address", address).update();
        }
    }

    /** Forgets addresses whose last failure is older than {@code forgetAfter} and that are not locked out. */
    public int deleteForgotten() {
        Instant now = clock.instant();
        return jdbc.sql("""
                        delete from sign_in_failures
                        where last_failure_at < :forgetBefore and (locked_until is null or locked_until < :now)""")
                .param("forgetBefore", Timestamp.from(now.minus(settings.forgetAfter())))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Other rules for one address; tests use it to get a small threshold without changing everyone's. */
    public void use(String address, Settings rules) {
        perAddress.put(address, rules);
    }
}
