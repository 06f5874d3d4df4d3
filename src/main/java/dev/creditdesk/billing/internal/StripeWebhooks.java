package dev.creditdesk.billing.internal;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.creditdesk.accounts.Account;
import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Charge;
import dev.creditdesk.billing.NewCharge;
import dev.creditdesk.billing.NewOrder;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.OrderKind;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.billing.ProviderDisputeUpdated;
import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.ProviderSubscriptionEvents;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.AuditTrail;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's webhooks for one tenant: verifies the signature against the tenant's signing secret
 * (tolerance five minutes, on our clock), records each event id once, and applies the event.
 * Events may arrive in any order: each handler finds or creates what it needs, and whatever an
 * event cannot be matched to is acknowledged and logged rather than refused, so Stripe does not
 * retry it forever.
 */
@Service
public class StripeWebhooks {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);
    static final long TOLERANCE_SECONDS = 300;
    private final PaymentSettingsStore settings;
    private final Orders orders;
    private final Refunds refunds;
    private final Accounts accounts;
    private final Catalog catalog;
    private final ObjectProvider<ProviderSubscriptionEvents> subscriptions;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final AuditTrail audit;

    StripeWebhooks(PaymentSettingsStore settings, Orders orders, Refunds refunds, Accounts accounts, Catalog catalog,
            ObjectProvider<ProviderSubscriptionEvents> subscriptions, ApplicationEventPublisher events,
            JdbcClient jdbc, JsonMapper json, Clock clock, AuditTrail audit) {
        this.settings = settings;
        this.orders = orders;
        this.refunds = refunds;
        this.accounts = accounts;
        this.catalog = catalog;
        this.subscriptions = subscriptions;
        this.events = events;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
    }

    public record Outcome(@Nullable String eventId, @Nullable String type, boolean duplicate, String outcome) {
    }

    @Transactional
    public Outcome receive(UUID tenantId, String payload, String signature) {
        String secret = settings.find(tenantId).map(PaymentSettingsStore.Settings::stripeWebhookSecret)
                .orElseThrow(() -> ApiProblem.notFound("Stripe webhook endpoint for tenant", tenantId));
        if (signature == null) {
            throw new ApiProblem(400, "missing-signature", "Missing signature", "The Stripe-Signature header is required");
        }
        if (!wellFormed(signature)) {
            throw new ApiProblem(400, "invalid-signature", "Invalid signature",
                    "The Stripe-Signature header must read t=<unix seconds>,v1=<hex signature>");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signature, secret, TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            throw new ApiProblem(400, "invalid-signature", "Invalid signature", e.getMessage());
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (RuntimeException e) {
            throw new ApiProblem(400, "malformed-json", "Malformed JSON", "The event is not valid JSON");
        }
        String eventId = text(event, "id");
        String type = text(event, "type");
        JsonNode object = event.path("data").path("object");
        if (eventId == null || type == null || object.isMissingNode()) {
            throw new ApiProblem(400, "invalid-event", "Invalid event", "An event needs id, type and data.object");
        }
        int fresh = jdbc.sql("""
                        insert into provider_events (tenant_id, provider, event_id, type, outcome, received_at)
                        values (:t, 'stripe', :id, :type, 'received', :now) on conflict do nothing""")
                .param("t", tenantId).param("id", eventId).param("type", type)
                .param("now", Timestamp.from(clock.instant())).update();
        if (fresh == 0) {
            return new Outcome(eventId, type, true, "already received");
        }
        String outcome;
        try {
            outcome = apply(tenantId, type, object);
        } catch (DateTimeException | IllegalArgumentException | ArithmeticException | JacksonException e) {
            // signed, so from Stripe or someone holding the secret, yet unreadable: refused, nothing kept
            throw new ApiProblem(400, "invalid-event", "Invalid event",
                    "The event's data.object holds a value out of range or of the wrong form: " + e.getMessage());
        }
        jdbc.sql("update provider_events set outcome = :o where tenant_id = :t and provider = 'stripe' and event_id = :id")
                .param("o", outcome).param("t", tenantId).param("id", eventId).update();
        log.info("Stripe {} {} for tenant {}: {}", type, eventId, tenantId, outcome);
        audit.system(tenantId, "stripe", "stripe." + type, "stripe_event", eventId, null,
                Map.of("type", type, "outcome", outcome));
        return new Outcome(eventId, type, false, outcome);
    }

    /**
     * Stripe's header: comma-separated {@code key=value} pairs, exactly one {@code t} of at most 12
     * digits (seconds: no number overflows) and at least one {@code v1} in hex; other schemes
     * ({@code v0}) may be present. Checked before Stripe's parser, which fails on a bad {@code t}
     * with an unchecked exception rather than a verification failure.
     */
    static boolean wellFormed(String header) {
        if (header.length() > 4_096) {
            return false;
        }
        int timestamps = 0;
        boolean signed = false;
        for (String part : header.split(",", -1)) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                return false;
            }
            String key = part.substring(0, equals);
            String value = part.substring(equals + 1);
            if (key.equals("t")) {
                if (!value.matches("\\d{1,12}")) {
                    return false;
                }
                timestamps++;
            } else if (key.equals("v1")) {
                if (!value.matches("[0-9a-fA-F]{1,512}")) {
                    return false;
                }
                signed = true;
            }
        }
        return timestamps == 1 && signed;
    }

    private String apply(UUID tenantId, String type, JsonNode object) {
        return switch (type) {
            case "checkout.session.completed" -> checkoutCompleted(tenantId, object);
            case "payment_intent.succeeded" -> paymentSucceeded(tenantId, text(object, "id"),
                    text(object, "latest_charge"), object.path("amount_received").asLong(object.path("amount").asLong()),
                    text(object, "currency"), 0, metadata(object), object.path("created").asLong());
            case "charge.succeeded" -> paymentSucceeded(tenantId, text(object, "payment_intent"), text(object, "id"),
                    object.path("amount").asLong(), text(object, "currency"), 0, metadata(object),
                    object.path("created").asLong());
            case "invoice.paid" -> invoicePaid(tenantId, object);
            case "charge.refunded" -> chargeRefunded(tenantId, object);
            case "refund.updated", "refund.created", "refund.failed" -> refundUpdated(tenantId, object);
            case "customer.subscription.deleted" -> subscriptionDeleted(tenantId, object);
            case "charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed",
                    "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated" -> dispute(tenantId, type, object);
            default -> "ignored: not an event Creditdesk acts on";
        };
    }

    private String checkoutCompleted(UUID tenantId, JsonNode session) {
        if (!"payment".equals(text(session, "mode")) && text(session, "mode") != null) {
            return "ignored: " + text(session, "mode") + " sessions are handled from their invoices";
        }
        Map<String, String> metadata = metadata(session);
        if (text(session, "client_reference_id") != null) {
            metadata.putIfAbsent("account_external_id", text(session, "client_reference_id"));
        }
        metadata.putIfAbsent("order_number", text(session, "id"));
        long tax = session.path("total_details").path("amount_tax").asLong(0);
        return paymentSucceeded(tenantId, text(session, "payment_intent"), null,
                session.path("amount_total").asLong(), text(session, "currency"), tax, metadata,
                session.path("created").asLong());
    }

    /**
     * A successful payment, from whichever of checkout.session.completed, payment_intent.succeeded
     * and charge.succeeded comes first; the others find it and add what they know.
     */
    private String paymentSucceeded(UUID tenantId, String paymentIntent, String chargeId, long amountMinor,
            String currencyCode, long taxMinor, Map<String, String> metadata, long createdEpoch) {
        String transactionId = paymentIntent != null ? paymentIntent : chargeId;
        if (transactionId == null || currencyCode == null) {
            return "ignored: no payment intent or charge";
        }
        Optional<Charge> known = orders.findCharge(tenantId, "stripe", transactionId);
        CurrencyUnit currency = CurrencyUnit.of(currencyCode.toUpperCase(Locale.ROOT));
        Instant paidAt = createdEpoch > 0 ? Instant.ofEpochSecond(createdEpoch) : clock.instant();
        NewCharge charge = new NewCharge("stripe", transactionId, chargeId, Money.ofMinor(currency, amountMinor), paidAt);
        if (known.isPresent()) {
            orders.recordCharge(tenantId, known.get().orderId(), charge);
            return "payment already recorded on order " + known.get().orderId();
        }
        String orderNumber = metadata.get("order_number");
        if (orderNumber != null) {
            Optional<Order> existing = orders.findByNumber(tenantId, orderNumber);
            if (existing.isPresent()) {
                Charge recorded = orders.recordCharge(tenantId, existing.get().id(), charge);
                return recorded.duplicate() ? "duplicate charge on order " + orderNumber
                        : "charge recorded on order " + orderNumber;
            }
        }
        Optional<Account> account = account(tenantId, metadata);
        if (account.isEmpty()) {
            return "ignored: no account for metadata " + metadata;
        }
        Optional<Product> product = Optional.ofNullable(metadata.get("product_id"))
                .flatMap(id -> catalog.find(tenantId, id)).filter(p -> p.kind() == Product.Kind.PACKAGE);
        if (product.isEmpty()) {
            return "ignored: no credit package named in metadata.product_id";
        }
        Money total = Money.ofMinor(currency, amountMinor);
        Money tax = Money.ofMinor(currency, taxMinor);
        Money net = total.minus(tax);
        Order order = orders.record(tenantId, new NewOrder(account.get().id(),
                orderNumber != null ? orderNumber : transactionId, product.get().id(), OrderKind.PACKAGE, null, null,
                null, paidAt, net, tax, total.multipliedBy(0), total, product.get().credits(),
                product.get().bonusCredits(), null, charge), "stripe");
        return "order " + order.orderNumber() + " recorded and " + order.status().wireName();
    }

    private String invoicePaid(UUID tenantId, JsonNode invoice) {
        ProviderSubscriptionEvents handler = subscriptions.getIfAvailable();
        String subscriptionId = text(invoice, "subscription");
        if (handler == null || subscriptionId == null) {
            return "ignored: not a subscription invoice";
        }
        CurrencyUnit currency = CurrencyUnit.of(text(invoice, "currency").toUpperCase(Locale.ROOT));
        JsonNode line = invoice.path("lines").path("data").path(0);
        Map<String, String> metadata = metadata(invoice);
        invoice.path("subscription_details").path("metadata").properties()
                .forEach(e -> metadata.putIfAbsent(e.getKey(), e.getValue().asString()));
        long paidEpoch = invoice.path("status_transitions").path("paid_at").asLong(invoice.path("created").asLong());
        return handler.invoicePaid(tenantId, new ProviderSubscriptionEvents.PaidInvoice("stripe", text(invoice, "id"),
                text(invoice, "number"), subscriptionId, text(invoice, "billing_reason"),
                text(invoice, "payment_intent") != null ? text(invoice, "payment_intent") : text(invoice, "id"),
                text(invoice, "charge"), Money.ofMinor(currency, invoice.path("amount_paid").asLong()),
                Money.ofMinor(currency, invoice.path("tax").asLong(0)), Instant.ofEpochSecond(paidEpoch),
                epoch(line.path("period").path("start")), epoch(line.path("period").path("end")), metadata));
    }

    private String subscriptionDeleted(UUID tenantId, JsonNode subscription) {
        ProviderSubscriptionEvents handler = subscriptions.getIfAvailable();
        return handler == null ? "ignored" : handler.subscriptionDeleted(tenantId, "stripe", text(subscription, "id"));
    }

    private String chargeRefunded(UUID tenantId, JsonNode charge) {
        Optional<Charge> ours = findCharge(tenantId, text(charge, "payment_intent"), text(charge, "id"));
        if (ours.isEmpty()) {
            return "ignored: unknown charge " + text(charge, "id");
        }
        int updated = 0;
        for (JsonNode refund : charge.path("refunds").path("data")) {
            applyRefund(tenantId, ours.get(), refund);
            updated++;
        }
        return updated + " refund(s) applied";
    }

    private String refundUpdated(UUID tenantId, JsonNode refund) {
        Optional<Charge> ours = findCharge(tenantId, text(refund, "payment_intent"), text(refund, "charge"));
        if (ours.isEmpty()) {
            return "ignored: unknown charge for refund " + text(refund, "id");
        }
        return applyRefund(tenantId, ours.get(), refund);
    }

    private String applyRefund(UUID tenantId, Charge charge, JsonNode refund) {
        String providerRefundId = text(refund, "id");
        ProviderRefund.Status status = StripeProvider.status(text(refund, "status"));
        String ourId = metadata(refund).get("creditdesk_refund_id");
        Optional<ProviderRefund> known = ourId != null
                ? Optional.of(refunds.require(tenantId, UUID.fromString(ourId)))
                : refunds.findByProviderId(tenantId, "stripe", providerRefundId);
        if (known.isPresent()) {
            ProviderRefund settled = refunds.settle(tenantId, known.get().id(), status, providerRefundId,
                    text(refund, "failure_reason"));
            return "refund " + settled.id() + " " + settled.status().wireName();
        }
        if (status == ProviderRefund.Status.SUCCEEDED) {
            Money amount = Money.ofMinor(charge.amount().getCurrencyUnit(), refund.path("amount").asLong());
            refunds.recordExternal(tenantId, charge, amount, providerRefundId);
            return "refund made at Stripe recorded";
        }
        return "ignored: refund " + providerRefundId + " is " + status.wireName();
    }

    private String dispute(UUID tenantId, String type, JsonNode dispute) {
        Optional<Charge> ours = findCharge(tenantId, text(dispute, "payment_intent"), text(dispute, "charge"));
        String currency = text(dispute, "currency");
        Money amount = currency == null ? null
                : Money.ofMinor(CurrencyUnit.of(currency.toUpperCase(Locale.ROOT)), dispute.path("amount").asLong());
        Instant evidenceDueBy = epoch(dispute.path("evidence_details").path("due_by"));
        jdbc.sql("""
                        insert into provider_disputes (tenant_id, provider, provider_dispute_id, transaction_id,
                                                       provider_charge_id, status, reason, currency, amount,
                                                       evidence_due_by, payload, updated_at)
                        values (:t, 'stripe', :id, :txn, :charge, :status, :reason, :currency, :amount, :due,
                                cast(:payload as jsonb), :now)
                        on conflict (tenant_id, provider, provider_dispute_id) do update set
                            status = excluded.status, reason = excluded.reason, evidence_due_by = excluded.evidence_due_by,
                            payload = excluded.payload, updated_at = excluded.updated_at""")
                .param("t", tenantId).param("id", text(dispute, "id")).param("txn", text(dispute, "payment_intent"))
                .param("charge", text(dispute, "charge")).param("status", text(dispute, "status"))
                .param("reason", text(dispute, "reason"))
                .param("currency", amount == null ? null : amount.getCurrencyUnit().getCode())
                .param("amount", amount == null ? null : amount.getAmount())
                .param("due", evidenceDueBy == null ? null : Timestamp.from(evidenceDueBy))
                .param("payload", dispute.toString()).param("now", Timestamp.from(clock.instant()))
                .update();
        events.publishEvent(new ProviderDisputeUpdated(tenantId, "stripe", text(dispute, "id"), type,
                ours.map(Charge::orderId).orElse(null), ours.map(Charge::transactionId).orElse(null),
                text(dispute, "status"), text(dispute, "reason"), amount, evidenceDueBy,
                epoch(dispute.path("created"))));
        return ours.isPresent() ? "dispute " + text(dispute, "status") + " on order " + ours.get().orderId()
                : "dispute kept; its charge is unknown";
    }

    private Optional<Charge> findCharge(UUID tenantId, String paymentIntent, String chargeId) {
        Optional<Charge> charge = Optional.empty();
        if (paymentIntent != null) {
            charge = orders.findCharge(tenantId, "stripe", paymentIntent);
        }
        if (charge.isEmpty() && chargeId != null) {
            charge = orders.findChargeByProviderChargeId(tenantId, "stripe", chargeId)
                    .or(() -> orders.findCharge(tenantId, "stripe", chargeId));
        }
        return charge;
    }

    private Optional<Account> account(UUID tenantId, Map<String, String> metadata) {
        if (metadata.get("account_id") != null) {
            try {
                return accounts.find(tenantId, UUID.fromString(metadata.get("account_id")));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String external = metadata.get("account_external_id");
        return external == null ? Optional.empty() : accounts.findByExternalId(tenantId, external);
    }

    private static Map<String, String> metadata(JsonNode object) {
        Map<String, String> metadata = new HashMap<>();
        object.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
        return metadata;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static Instant epoch(JsonNode node) {
        return node.isNumber() ? Instant.ofEpochSecond(node.asLong()) : null;
    }
}
