package dev.creditdesk.portal;

import dev.creditdesk.portal.internal.LinkKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The form's simple spam guard: a honeypot field people never see (robots fill every field), and
 * the time the form was shown, signed, so a submission sent sooner than
 * {@code creditdesk.portal.minimum-fill-time} after it (or with a forged or missing time) is taken
 * for a robot's. Either way the robot gets the same answer as a person, and nothing is kept or sent.
 */
@Component
public class SpamGuard {

    /** The honeypot's field name: a word robots like to fill. */
    public static final String HONEYPOT = "website";

    private final LinkKey key;
    private final PortalSettings settings;
    private final Clock clock;

    SpamGuard(LinkKey key, PortalSettings settings, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.clock = clock;
    }

    /** The signed time a form for {@code tenantId} is shown, for its hidden {@code started} field. */
    public String started(UUID tenantId) {
        long millis = clock.millis();
        return millis + "." + key.sign(signed(tenantId, millis));
    }

    /** Whether a submission looks like a person's: honeypot empty, started signed and long enough ago. */
    public boolean looksHuman(UUID tenantId, String honeypot, String started) {
        if (honeypot != null && !honeypot.isEmpty() || started == null) {
            return false;
        }
        int dot = started.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long millis;
        try {
            millis = Long.parseLong(started.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (!key.verify(signed(tenantId, millis), started.substring(dot + 1))) {
            return false;
        }
        Duration taken = Duration.between(Instant.ofEpochMilli(millis), clock.instant());
        return taken.compareTo(settings.minimumFillTime()) >= 0;
    }

    private static String signed(UUID tenantId, long millis) {
        return "form-started\n" + tenantId + "\n" + millis;
    }
}
