package dev.creditdesk.billing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.joda.money.Money;

/**
 * What billing hears from a provider about subscriptions, handed to whoever keeps subscriptions
 * (the subscriptions module implements it; billing must not depend on it). Each method answers a
 * short outcome for the event log.
 */
public interface ProviderSubscriptionEvents {

    /** An invoice was paid: a new subscription's first period, or a renewal. */
    String invoicePaid(UUID tenantId, PaidInvoice invoice);

    /** The provider ended the subscription. */
    String subscriptionDeleted(UUID tenantId, String provider, String providerSubscriptionId);

    record PaidInvoice(String provider, String invoiceId, String invoiceNumber, String providerSubscriptionId,
            String billingReason, String transactionId, String providerChargeId, Money total, Money tax,
            Instant paidAt, Instant periodStart, Instant periodEnd, Map<String, String> metadata) {
    }
}
