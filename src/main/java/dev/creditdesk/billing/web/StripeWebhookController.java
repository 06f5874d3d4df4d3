package dev.creditdesk.billing.web;

import dev.creditdesk.billing.internal.StripeWebhooks;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Public;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Stripe's endpoint for one tenant; authenticated by the event's signature, not by an API key. */
@RestController
class StripeWebhookController {

    private final StripeWebhooks webhooks;

    StripeWebhookController(StripeWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Operation(operationId = "receiveStripeWebhook", summary = "Receive a Stripe webhook",
            description = "Signed by Stripe (Stripe-Signature), not sent with a key.")
    @PostMapping("/v1/webhooks/stripe/{tenant}")
    @Public
    StripeWebhooks.Outcome receive(@PathVariable String tenant, @RequestBody String payload,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        return webhooks.receive(Ids.parseOrNotFound("tenant", tenant), payload, signature);
    }
}
