package dev.creditdesk.tenants;

import java.time.ZoneId;
import java.util.List;
import org.joda.money.CurrencyUnit;

/**
 * How a tenant's calendar, money and credits work: calendar days and business days are counted
 * in {@code timezone} with the public holidays of {@code holidayCountry}; prices are in
 * {@code currency}; customers' emails come from {@code supportEmail}.
 */
public record TenantSettings(
        ZoneId timezone,
        String holidayCountry,
        CurrencyUnit currency,
        String supportEmail,
        List<DrawdownCriterion> drawdownOrder) {

    public TenantSettings {
        drawdownOrder = List.copyOf(drawdownOrder);
    }
}
