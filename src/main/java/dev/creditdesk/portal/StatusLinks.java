package dev.creditdesk.portal;

import dev.creditdesk.portal.internal.LinkKey;
import dev.creditdesk.refunds.CaseStatusLinks;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Signed links to a case's status page: {@code /portal/{tenant}/cases/{case}?until=…&sig=…}, where
 * {@code sig} is the HMAC-SHA256 of the tenant, the case and {@code until} (epoch seconds). A link
 * opens only the case and tenant it was made for, and only until then.
 */
@Component
@EnableConfigurationProperties({PortalSettings.class, PublicUrl.class})
public class StatusLinks implements CaseStatusLinks {

    /** What a link's parameters say. */
    public sealed interface Check {
    }

    public record Valid(Instant until) implements Check {
    }

    /** Signed for this case, but past its time: a fresh one may be mailed to the case's address. */
    public record Expired(Instant until) implements Check {
    }

    /** Not signed for this tenant and case (forged, altered, another case's): shows nothing. */
    public record Invalid() implements Check {
    }

    private final LinkKey key;
    private final PortalSettings settings;
    private final PublicUrl publicUrl;
    private final Clock clock;

    StatusLinks(LinkKey key, PortalSettings settings, PublicUrl publicUrl, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public String statusUrl(UUID tenantId, UUID caseId) {
        return publicUrl.of(path(tenantId, caseId));
    }

    /** A fresh link's path, valid for {@code creditdesk.portal.status-link-lifetime}. */
    public String path(UUID tenantId, UUID caseId) {
        long until = clock.instant().plus(settings.statusLinkLifetime()).getEpochSecond();
        return "/portal/" + tenantId + "/cases/" + caseId + "?" + query(tenantId, caseId, until);
    }

    /** The link's query ({@code until} and {@code sig}) for a link that lasts until {@code until}. */
    public String query(UUID tenantId, UUID caseId, long until) {
        return "until=" + until + "&sig=" + key.sign(signed(tenantId, caseId, until));
    }

    public Check check(UUID tenantId, UUID caseId, String until, String sig) {
        long seconds;
        try {
            seconds = Long.parseLong(until == null ? "" : until);
        } catch (NumberFormatException e) {
            return new Invalid();
        }
        if (!key.verify(signed(tenantId, caseId, seconds), sig)) {
            return new Invalid();
        }
        Instant expiry = Instant.ofEpochSecond(seconds);
        return clock.instant().isBefore(expiry) ? new Valid(expiry) : new Expired(expiry);
    }

    private static String signed(UUID tenantId, UUID caseId, long until) {
        return "status-link\n" + tenantId + "\n" + caseId + "\n" + until;
    }
}
