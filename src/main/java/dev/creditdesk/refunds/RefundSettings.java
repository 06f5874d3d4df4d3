package dev.creditdesk.refunds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.refunds.*}: the business days a sent refund usually takes to reach the
 * customer, as the "refund sent" email says (from 5 to 10 unless set).
 */
@ConfigurationProperties("creditdesk.refunds")
public record RefundSettings(@DefaultValue("5") int arrivalBusinessDaysFrom, @DefaultValue("10") int arrivalBusinessDaysTo) {

    public RefundSettings {
        if (arrivalBusinessDaysFrom < 0 || arrivalBusinessDaysTo < arrivalBusinessDaysFrom) {
            throw new IllegalArgumentException("creditdesk.refunds.arrival-business-days-from must be at least 0 and"
                    + " at most arrival-business-days-to");
        }
    }
}
