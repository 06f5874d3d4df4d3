package dev.creditdesk.subscriptions.internal;

import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderSubscriptionEvents;
import dev.creditdesk.subscriptions.PeriodPayment;
import dev.creditdesk.subscriptions.Subscription;
import dev.creditdesk.subscriptions.Subscriptions;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Subscriptions as the provider reports them: a first invoice starts one (the account and plan in
 * the subscription's metadata: {@code account_external_id} or {@code account_id}, and
 * {@code plan_id}); later invoices renew it; deletion ends it. An invoice seen before is a no-op.
 */
@Component
class StripeSubscriptionEvents implements ProviderSubscriptionEvents {

    private final Subscriptions subscriptions;
    private final Accounts accounts;
    private final Orders orders;

    StripeSubscriptionEvents(Subscriptions subscriptions, Accounts accounts, Orders orders) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.orders = orders;
    }

    @Override
    public String invoicePaid(UUID tenantId, PaidInvoice invoice) {
        if (orders.findCharge(tenantId, invoice.provider(), invoice.transactionId()).isPresent()) {
            return "invoice already recorded";
        }
        PeriodPayment payment = new PeriodPayment(invoice.invoiceNumber() != null ? invoice.invoiceNumber()
                : invoice.invoiceId(), invoice.transactionId(), invoice.providerChargeId(),
                invoice.total().minus(invoice.tax()), invoice.tax(), invoice.total().multipliedBy(0), invoice.paidAt());
        Optional<Subscription> known = subscriptions.findByProviderId(tenantId, invoice.provider(),
                invoice.providerSubscriptionId());
        if (known.isPresent()) {
            Subscription renewed = subscriptions.renew(tenantId, known.get().id(), payment, invoice.provider());
            return "subscription renewed to " + renewed.currentPeriodEnd();
        }
        Optional<Account> account = account(tenantId, invoice);
        String plan = invoice.metadata().get("plan_id");
        if (account.isEmpty() || plan == null) {
            return "ignored: unknown subscription and no account_external_id and plan_id in its metadata";
        }
        Subscription created = subscriptions.create(tenantId, account.get().id(), plan, invoice.provider(),
                invoice.providerSubscriptionId(), invoice.periodStart() != null ? invoice.periodStart()
                        : invoice.paidAt(), payment, invoice.provider());
        return "subscription " + created.id() + " started";
    }

    @Override
    public String subscriptionDeleted(UUID tenantId, String provider, String providerSubscriptionId) {
        return subscriptions.findByProviderId(tenantId, provider, providerSubscriptionId)
                .map(s -> subscriptions.end(tenantId, s.id(), "ended at " + provider).status())
                .map(status -> "subscription " + status)
                .orElse("ignored: unknown subscription " + providerSubscriptionId);
    }

    private Optional<Account> account(UUID tenantId, PaidInvoice invoice) {
        String id = invoice.metadata().get("account_id");
        if (id != null) {
            try {
                return accounts.find(tenantId, UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String external = invoice.metadata().get("account_external_id");
        return external == null ? Optional.empty() : accounts.findByExternalId(tenantId, external);
    }
}
