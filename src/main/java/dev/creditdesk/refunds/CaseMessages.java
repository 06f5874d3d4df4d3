package dev.creditdesk.refunds;

import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.RefundSucceeded;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.policy.ProposedRemedy.EndAt;
import dev.creditdesk.refunds.internal.RefundRequestStore;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the customer is told, in words: the request received (and what happens next), the
 * decision (approved with what, rejected why, or what information is missing), and the money on
 * its way with when it usually arrives. Emails go through the notifications outbox.
 */
@Component
@EnableConfigurationProperties(RefundSettings.class)
public class CaseMessages {

    private final Notifications notifications;
    private final Tenants tenants;
    private final Refunds refunds;
    private final RefundRequestStore store;
    private final BusinessCalendar calendar;
    private final RefundSettings settings;
    private final Clock clock;
    private final ObjectProvider<CaseStatusLinks> links;

    /** When a refund sent on {@code from} usually reaches the customer, in the tenant's days. */
    public record Arrival(LocalDate from, LocalDate to) {
    }

    CaseMessages(Notifications notifications, Tenants tenants, Refunds refunds, RefundRequestStore store,
            BusinessCalendar calendar, RefundSettings settings, Clock clock, ObjectProvider<CaseStatusLinks> links) {
        this.links = links;
        this.notifications = notifications;
        this.tenants = tenants;
        this.refunds = refunds;
        this.store = store;
        this.calendar = calendar;
        this.settings = settings;
        this.clock = clock;
    }

    /** The request is received; says what happens next. */
    void received(UUID tenantId, RefundRequest request) {
        ZoneId zone = tenants.require(tenantId).settings().timezone();
        tell(tenantId, request, "request_received", Map.of("next", switch (request.status()) {
            case IN_REVIEW -> "Our support team will review it by " + date(request.dueAt().atZone(zone).toLocalDate())
                    + ".";
            case AWAITING_INFORMATION -> "We need a little more information; a separate message says what.";
            case AWAITING_CHOICE -> "You can choose how we settle it; a separate message lists the options.";
            default -> "We have already decided on it; a separate message tells you the result.";
        }));
    }

    /** What the case now is: approved (with what), rejected (why), or waiting for information (what). */
    void outcome(UUID tenantId, RefundRequest request, String reason) {
        String why = reason == null ? "" : reason;
        switch (request.status()) {
            case APPROVED -> tell(tenantId, request, "approved", Map.of("reason", why, "remedies",
                    describe(CaseDecision.remedies(request.decision()),
                            tenants.require(tenantId).settings().currency().getCode())));
            case REJECTED -> tell(tenantId, request, "rejected", Map.of("reason", why));
            case AWAITING_INFORMATION -> tell(tenantId, request, "information_needed", Map.of("missing",
                    String.join(", ", missing(request)).replace('_', ' ')));
            case AWAITING_CHOICE -> tell(tenantId, request, "remedy_choice", Map.of("options", options(request,
                    tenants.require(tenantId).settings().currency().getCode())));
            default -> {
            }
        }
    }

    /** Tells the customer, on the merged request's thread, that it was joined with {@code into}, which answers it. */
    void merged(UUID tenantId, RefundRequest merged, RefundRequest into) {
        tell(tenantId, merged, "merged", Map.of("into", into.id().toString(),
                "into_status_url", statusUrl(tenantId, into.id())));
    }

    /** Tells the customer their money is on its way, and when it usually arrives. */
    @EventListener
    void on(RefundSucceeded succeeded) {
        store.findByRefund(succeeded.tenantId(), succeeded.refundId()).ifPresent(request -> {
            Tenant tenant = tenants.require(succeeded.tenantId());
            ProviderRefund refund = refunds.require(succeeded.tenantId(), succeeded.refundId());
            Arrival arrival = arrival(tenant, clock.instant());
            tell(succeeded.tenantId(), request, "refund_sent", Map.of(
                    "amount", refund.amount().getAmount().toPlainString(),
                    "currency", refund.amount().getCurrencyUnit().getCode(),
                    "arrival_from", date(arrival.from()),
                    "arrival_to", date(arrival.to())));
        });
    }

    /** The arrival window the "refund sent" email gives for a refund sent at {@code sentAt}. */
    public Arrival arrival(Tenant tenant, Instant sentAt) {
        ZoneId zone = tenant.settings().timezone();
        String country = tenant.settings().holidayCountry();
        return new Arrival(
                calendar.addBusinessDays(sentAt, settings.arrivalBusinessDaysFrom(), zone, country).atZone(zone)
                        .toLocalDate(),
                calendar.addBusinessDays(sentAt, settings.arrivalBusinessDaysTo(), zone, country).atZone(zone)
                        .toLocalDate());
    }

    /** The signed link to the case's status page, or empty when no portal provides one. */
    private String statusUrl(UUID tenantId, UUID caseId) {
        CaseStatusLinks provider = links.getIfAvailable();
        return provider == null ? "" : provider.statusUrl(tenantId, caseId);
    }

    /** A date as customers read it: "Thursday, March 12, 2026". */
    static String date(LocalDate date) {
        return DATE.format(date);
    }

    /** A moment in the tenant's timezone, with the zone: "March 12, 2026, 10:15 AM EDT". */
    static String dateTime(Instant at, ZoneId zone) {
        return DATE_TIME.format(at.atZone(zone));
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MMMM d, yyyy, h:mm a z",
            Locale.ENGLISH);

    /** The remedies in the customer's words, joined by "; ", amounts with their currency (ISO code). */
    public static String describe(List<Remedy> remedies, String currency) {
        Remedy.Visitor<String> words = new Words(currency);
        return remedies.stream().map(r -> r.accept(words)).collect(Collectors.joining("; "));
    }

    private record Words(String currency) implements Remedy.Visitor<String> {
        private String money(BigDecimal amount) {
            return amount.toPlainString() + " " + currency;
        }

        public String refund(Remedy.Refund r) {
            return "a refund of " + money(r.amount()) + " to your original payment method";
        }

        public String refundDuplicateCharge(Remedy.RefundDuplicateCharge r) {
            return "a refund of " + money(r.amount()) + " to your original payment method";
        }

        public String restoreCredits(Remedy.RestoreCredits r) {
            return "the credits of your failed task restored";
        }

        public String replacementCredits(Remedy.ReplacementCredits r) {
            return r.credits() + " credits added to your account";
        }

        public String compensationCredits(Remedy.CompensationCredits r) {
            return r.credits() + " credits added to your account";
        }

        public String deliverOrder(Remedy.DeliverOrder r) {
            return "your purchase delivered";
        }

        public String accessCorrection(Remedy.AccessCorrection r) {
            return "your access corrected";
        }

        public String endSubscription(Remedy.EndSubscription r) {
            return r.at() == EndAt.NOW ? "your subscription ended" : "your subscription ends at the end of its period";
        }

        public String other(Remedy.Other r) {
            return r.note() == null ? "a correction" : r.note();
        }

        public String accountCredit(Remedy.AccountCredit r) {
            return money(r.amount()) + " of credit on your account toward your next invoices";
        }

        public String convertPlan(Remedy.ConvertPlan r) {
            return "your subscription moved to the plan " + r.to();
        }

        public String pauseSubscription(Remedy.PauseSubscription r) {
            return "your subscription paused for " + r.months() + (r.months() == 1 ? " month" : " months")
                    + " after its current period";
        }

        public String reinstateSubscription(Remedy.ReinstateSubscription r) {
            return "your subscription continues";
        }

        public String referToBank(Remedy.ReferToBank r) {
            return "a separate message explains how to ask your bank";
        }
    }

    /** The options the customer chooses among, numbered as the choice names them. */
    private static String options(RefundRequest request, String currency) {
        List<List<Map<String, Object>>> options = request.optionDetails();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < options.size(); i++) {
            List<Remedy> remedies = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Map<String, Object> detail : options.get(i)) {
                names.add(String.valueOf(detail.get("type")).replace('_', ' '));
                try {
                    remedies.add(Remedy.proposed(detail, request.proposalAmount()));
                } catch (IllegalArgumentException e) {
                    remedies = null; // support sets what the policy left open; the customer sees the name
                    break;
                }
            }
            text.append(i + 1).append(". ").append(remedies == null ? String.join(", ", names) : describe(remedies, currency))
                    .append('\n');
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> missing(RefundRequest request) {
        return request.proposal() == null ? List.of()
                : (List<String>) request.proposal().getOrDefault("missing", List.of());
    }

    /** Queues a template about the case to its email, with the case's order, reference and status link. */
    void tell(UUID tenantId, RefundRequest request, String template, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("order", request.orderReference());
        values.put("request", request.id().toString());
        values.put("received", dateTime(request.receivedAt(), tenants.require(tenantId).settings().timezone()));
        values.put("status_url", statusUrl(tenantId, request.id()));
        notifications.queue(tenantId, template, request.email(), values, request.id());
    }
}
