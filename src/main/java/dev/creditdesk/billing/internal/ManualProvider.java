package dev.creditdesk.billing.internal;

import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.PaymentProvider;
import dev.creditdesk.billing.ProviderRefund;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** For self-hosted or offline payments: the refund waits until an operator marks it sent. */
@Component
class ManualProvider implements PaymentProvider {

    @Override
    public String name() {
        return "manual";
    }

    @Override
    public Submission submit(UUID tenantId, ProviderRefund refund, Charge charge) {
        return new Submission(ProviderRefund.Status.PENDING, null, null, false);
    }
}
