package dev.creditdesk.portal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.portal.*}: the hosted refund form and status pages. {@code linkKey} signs
 * status links (at least 32 characters; unset, a key is generated once and kept in the database);
 * a status link lasts {@code statusLinkLifetime}, a confirmation link {@code confirmationLifetime};
 * a form sent sooner than {@code minimumFillTime} after it was shown is treated as a robot's; the
 * form takes {@code maxFilesPerForm} files; each client address and each email may send
 * {@code submissionsPerAddressPerHour} and {@code submissionsPerEmailPerHour} forms an hour.
 */
@ConfigurationProperties("creditdesk.portal")
public record PortalSettings(
        String linkKey,
        @DefaultValue("30d") Duration statusLinkLifetime,
        @DefaultValue("24h") Duration confirmationLifetime,
        @DefaultValue("3s") Duration minimumFillTime,
        @DefaultValue("5") int maxFilesPerForm,
        @DefaultValue("10") int submissionsPerAddressPerHour,
        @DefaultValue("5") int submissionsPerEmailPerHour) {

    public PortalSettings {
        if (linkKey != null && linkKey.isBlank()) {
            linkKey = null;
        }
        if (linkKey != null && linkKey.length() < 32) {
            throw new IllegalArgumentException("creditdesk.portal.link-key must be at least 32 characters");
        }
        if (!positive(statusLinkLifetime) || !positive(confirmationLifetime) || minimumFillTime.isNegative()) {
            throw new IllegalArgumentException("creditdesk.portal: link lifetimes must be positive and "
                    + "minimum-fill-time not negative");
        }
        if (maxFilesPerForm < 0 || submissionsPerAddressPerHour < 1 || submissionsPerEmailPerHour < 1) {
            throw new IllegalArgumentException("creditdesk.portal: max-files-per-form must be at least 0 and the "
                    + "submissions per hour at least 1");
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isZero() && !duration.isNegative();
    }

    @Override
    public String toString() {
        return "PortalSettings[linkKey=" + (linkKey == null ? "(generated)" : "(set)") + ", statusLinkLifetime="
                + statusLinkLifetime + ", confirmationLifetime=" + confirmationLifetime + "]";
    }
}
