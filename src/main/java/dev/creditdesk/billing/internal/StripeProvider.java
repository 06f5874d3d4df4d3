package dev.creditdesk.billing.internal;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.PaymentProvider;
import dev.creditdesk.billing.ProviderRefund;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refunds through Stripe on the original payment intent (or charge), with the refund's own id as
 * Stripe's idempotency key: sending it twice makes one refund.
 */
@Component
class StripeProvider implements PaymentProvider {

    private static final Logger log = LoggerFactory.getLogger(StripeProvider.class);

    private final PaymentSettingsStore settings;
    private final String apiBase;
    private final StripeHealth health;

    StripeProvider(PaymentSettingsStore settings, @Value("${creditdesk.stripe.api-base:https://api.stripe.com}") String apiBase,
            StripeHealth health) {
        this.settings = settings;
        this.health = health;
        this.apiBase = apiBase;
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public Submission submit(UUID tenantId, ProviderRefund refund, Charge charge) {
        String apiKey = settings.find(tenantId).map(PaymentSettingsStore.Settings::stripeApiKey).orElse(null);
        if (apiKey == null) {
            return Submission.retryLater("no Stripe API key is configured for this tenant");
        }
        StripeClient client = StripeClient.builder().setApiKey(apiKey).setApiBase(apiBase)
                .setConnectTimeout(5_000).setReadTimeout(20_000).setMaxNetworkRetries(0).build();
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setAmount(refund.amount().getAmountMinorLong())
                .putMetadata("creditdesk_refund_id", refund.id().toString())
                .putMetadata("creditdesk_order_id", refund.orderId().toString());
        if (charge.transactionId().startsWith("pi_")) {
            params.setPaymentIntent(charge.transactionId());
        } else {
            params.setCharge(charge.providerChargeId() != null ? charge.providerChargeId() : charge.transactionId());
        }
        try {
            Refund created = client.v1().refunds().create(params.build(),
                    RequestOptions.builder().setIdempotencyKey("creditdesk-refund-" + refund.id()).build());
            health.reached();
            return new Submission(status(created.getStatus()), created.getId(), created.getFailureReason(), false);
        } catch (StripeException e) {
            Integer code = e.getStatusCode();
            if (code != null && code >= 400 && code < 500 && code != 409 && code != 429) {
                health.reached();
                log.warn("Stripe refused refund {}: {}", refund.id(), e.getMessage());
                return new Submission(ProviderRefund.Status.FAILED, null, e.getStripeError() == null
                        ? e.getMessage() : e.getStripeError().getMessage(), false);
            }
            if (code != null && code == 409) {
                health.reached();
            } else {
                health.unavailable(code == null ? e.getClass().getSimpleName() : "HTTP " + code);
            }
            log.warn("Stripe unavailable for refund {} (will retry): {}", refund.id(), e.getMessage());
            return Submission.retryLater(e.getMessage());
        }
    }

    static ProviderRefund.Status status(String stripeStatus) {
        if (stripeStatus == null) {
            return ProviderRefund.Status.PENDING;
        }
        return switch (stripeStatus) {
            case "succeeded" -> ProviderRefund.Status.SUCCEEDED;
            case "failed" -> ProviderRefund.Status.FAILED;
            case "canceled" -> ProviderRefund.Status.CANCELED;
            default -> ProviderRefund.Status.PENDING;
        };
    }
}
