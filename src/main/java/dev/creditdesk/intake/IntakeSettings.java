package dev.creditdesk.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what intake answers by itself.
 *
 * @param maxRepliesPerSenderPerHour how many "details needed" replies one sender gets in an hour at
 *                                   most: beyond it their requests wait for support unanswered (a
 *                                   guard against mail loops with other robots)
 */
@ConfigurationProperties("creditdesk.intake")
public record IntakeSettings(@DefaultValue("3") int maxRepliesPerSenderPerHour) {

    public IntakeSettings {
        if (maxRepliesPerSenderPerHour < 0) {
            throw new IllegalArgumentException("creditdesk.intake.max-replies-per-sender-per-hour must be >= 0");
        }
    }
}
