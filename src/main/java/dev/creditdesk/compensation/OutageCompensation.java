package dev.creditdesk.compensation;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.billing.Order;
import dev.creditdesk.billing.OrderKind;
import dev.creditdesk.billing.Orders;
import dev.creditdesk.compensation.internal.CompensationStore;
import dev.creditdesk.incidents.Incident;
import dev.creditdesk.incidents.IncidentClosed;
import dev.creditdesk.incidents.IncidentCorrecting;
import dev.creditdesk.incidents.Incidents;
import dev.creditdesk.incidents.Unavailability;
import dev.creditdesk.ledger.BlockSource;
import dev.creditdesk.ledger.Grant;
import dev.creditdesk.ledger.Ledger;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.shared.AfterCommit;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.events.EventType;
import dev.creditdesk.shared.events.ResourceChanged;
import dev.creditdesk.subscriptions.Subscription;
import dev.creditdesk.subscriptions.Subscriptions;
import dev.creditdesk.tenants.Tenants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compensates the accounts an outage hit, once per incident. An incident qualifies when it is
 * full, closed, and longer than the tenant's threshold. The accounts it hit are those with an
 * order in service during it: a subscription period overlapping it (of a subscription not ended
 * before it began), or a package bought before its end whose credits had not expired by its start.
 * Each gets, per the tenant's mode, a review case or credits. The run's row is the claim: a
 * second run, concurrent or later, finds it and does nothing. The run that compensates announces
 * {@code outage_compensation.granted} (object id: the incident's) after every account's credits or case.
 */
@Service
public class OutageCompensation {

    private static final Set<String> MODES = Set.of(CompensationSettings.NONE, CompensationSettings.REVIEW,
            CompensationSettings.CREDITS);
    /** A year: a longer threshold would never be reached. */
    private static final BigDecimal MAX_THRESHOLD_HOURS = new BigDecimal("8760");
    private static final int MAX_EXPIRY_DAYS = 3650;
    private static final Logger log = LoggerFactory.getLogger(OutageCompensation.class);

    private final CompensationStore store;
    private final Incidents incidents;
    private final Orders orders;
    private final Subscriptions subscriptions;
    private final Ledger ledger;
    private final RefundIntake refundRequests;
    private final Accounts accounts;
    private final Tenants tenants;
    private final Notifications notifications;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;

    OutageCompensation(CompensationStore store, Incidents incidents, Orders orders, Subscriptions subscriptions,
            Ledger ledger, RefundIntake refundRequests, Accounts accounts, Tenants tenants,
            Notifications notifications, Clock clock, ApplicationEventPublisher events, MeterRegistry meters) {
        this.meters = meters;
        this.events = events;
        this.accounts = accounts;
        this.tenants = tenants;
        this.notifications = notifications;
        this.store = store;
        this.incidents = incidents;
        this.orders = orders;
        this.subscriptions = subscriptions;
        this.ledger = ledger;
        this.refundRequests = refundRequests;
        this.clock = clock;
    }

    public CompensationSettings settings(UUID tenantId) {
        return store.settings(tenantId).orElse(CompensationSettings.defaults());
    }

    /**
     * Checks and saves the tenant's setting: {@code thresholdHours} as written ("24", "1.5"; default
     * 24), {@code credits} required in credits mode. A 400 names each field that is wrong.
     */
    @Transactional
    public CompensationSettings saveSettings(UUID tenantId, String mode, String thresholdHours, Long credits,
            Integer creditExpiryDays, String actor) {
        List<FieldProblem> errors = new ArrayList<>();
        if (mode == null) {
            errors.add(new FieldProblem("mode", "is required (none, review or credits)"));
        } else if (!MODES.contains(mode)) {
            errors.add(new FieldProblem("mode", "must be none, review or credits"));
        }
        BigDecimal threshold = thresholdHours == null || thresholdHours.isBlank()
                ? CompensationSettings.DEFAULT_THRESHOLD_HOURS : hours(thresholdHours, errors);
        if (CompensationSettings.CREDITS.equals(mode) || credits != null) {
            credits = Fields.requiredCredits(credits, "credits", errors);
        }
        if (creditExpiryDays != null && (creditExpiryDays < 1 || creditExpiryDays > MAX_EXPIRY_DAYS)) {
            errors.add(new FieldProblem("credit_expiry_days", "must be between 1 and " + MAX_EXPIRY_DAYS));
        }
        Fields.throwIfAny(errors);
        store.saveSettings(tenantId, new CompensationSettings(mode, threshold, credits, creditExpiryDays, actor,
                clock.instant()));
        return settings(tenantId);
    }

    private static BigDecimal hours(String value, List<FieldProblem> errors) {
        BigDecimal hours;
        try {
            hours = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldProblem("threshold_hours", "must be a decimal number of hours such as \"24\" or \"1.5\""));
            return null;
        }
        if (hours.signum() < 0 || hours.compareTo(MAX_THRESHOLD_HOURS) > 0 || hours.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldProblem("threshold_hours", "must be between 0 and " + MAX_THRESHOLD_HOURS
                    + " hours, with at most 2 decimals"));
            return null;
        }
        return hours;
    }

    /** A closed incident is compensated in the transaction that closed it, when it qualifies. */
    @EventListener
    void on(IncidentClosed closed) {
        compensate(closed.tenantId(), closed.incidentId(), "incident closed");
    }

    /** What was done for the incident (status compensated), or not_compensated. */
    public Compensation find(UUID tenantId, UUID incidentId) {
        incidents.require(tenantId, incidentId);
        return store.find(tenantId, incidentId).orElse(new Compensation(incidentId, "not_compensated", null, null,
                null, null, null, null, List.of()));
    }

    /** The run that compensated the incident, if one did. */
    public Optional<Compensation> recorded(UUID tenantId, UUID incidentId) {
        return store.find(tenantId, incidentId);
    }

    /** Compensates the incident if it qualifies and no run did yet; says what happened either way. */
    @Transactional
    public Compensation compensate(UUID tenantId, UUID incidentId, String actor) {
        Incident incident = incidents.require(tenantId, incidentId);
        if (store.find(tenantId, incidentId).isPresent()) {
            return already(tenantId, incidentId);
        }
        CompensationSettings settings = settings(tenantId);
        if (CompensationSettings.NONE.equals(settings.mode())) {
            return Compensation.notEligible(incidentId, "the tenant's outage compensation mode is none");
        }
        if (!incident.full()) {
            return Compensation.notEligible(incidentId, "a partial incident is not compensated");
        }
        if (!incident.closed()) {
            return Compensation.notEligible(incidentId, "the incident is ongoing; it is compensated when it closes");
        }
        Duration length = Duration.between(incident.startedAt(), incident.endedAt());
        BigDecimal hours = Unavailability.hours(length);
        if (hours.compareTo(settings.thresholdHours()) <= 0) {
            return Compensation.notEligible(incidentId, "the incident lasted " + hours.toPlainString()
                    + " hours, not more than the threshold of " + settings.thresholdHours().toPlainString());
        }
        Instant now = clock.instant();
        if (!store.claim(tenantId, incidentId, settings.mode(), settings.thresholdHours(), hours, actor, now)) {
            return already(tenantId, incidentId);
        }
        long accountsReached = 0;
        long credits = 0;
        for (Order order : affected(tenantId, incident).values()) {
            Compensation.Affected affected = compensate(tenantId, incident, hours, order, settings, now);
            store.insert(tenantId, incidentId, affected);
            accountsReached++;
            credits += affected.credits() == null ? 0 : affected.credits();
        }
        store.countAccounts(tenantId, incidentId);
        reportGranted(tenantId, incidentId, settings.mode(), hours, accountsReached, credits);
        events.publishEvent(ResourceChanged.of(tenantId, EventType.OUTAGE_COMPENSATION_GRANTED, incidentId));
        return store.find(tenantId, incidentId).orElseThrow();
    }

    /**
     * What {@link #compensate} would do for {@code incident} as given (a close or a correction not
     * yet recorded), now: nothing, with the reason, or which accounts get what. Changes nothing.
     */
    public Forecast forecast(UUID tenantId, Incident incident) {
        CompensationSettings settings = settings(tenantId);
        if (store.find(tenantId, incident.id()).isPresent()) {
            return Forecast.none(settings, "it was already compensated; nothing is granted again");
        }
        if (CompensationSettings.NONE.equals(settings.mode())) {
            return Forecast.none(settings, "the tenant's outage compensation is off (mode none)");
        }
        if (!incident.full()) {
            return Forecast.none(settings, "a partial incident is not compensated");
        }
        if (!incident.closed()) {
            return Forecast.none(settings, "it is ongoing; it is compensated when it closes");
        }
        Duration length = Duration.between(incident.startedAt(), incident.endedAt());
        if (Unavailability.hours(length).compareTo(settings.thresholdHours()) <= 0) {
            return Forecast.none(settings, "it lasts no longer than the threshold");
        }
        return new Forecast(settings, affected(tenantId, incident).size(), null);
    }

    /**
     * A forecast: {@code accounts} affected accounts each get the {@code settings}' credits (or a
     * review case), at once; or nothing, for {@code reason}.
     */
    public record Forecast(CompensationSettings settings, int accounts, String reason) {

        static Forecast none(CompensationSettings settings, String reason) {
            return new Forecast(settings, 0, reason);
        }

        public boolean compensates() {
            return reason == null;
        }
    }

    /**
     * The rule for correcting an incident that was compensated: its title, description and features
     * may change, but not its times or scope — they decided who got what, and what was granted is
     * not taken back — so such a correction is refused (409) with the reason, and nothing changes.
     */
    @EventListener
    void on(IncidentCorrecting correcting) {
        Incident before = correcting.before();
        Incident after = correcting.after();
        boolean decisive = !before.startedAt().equals(after.startedAt())
                || !Objects.equals(before.endedAt(), after.endedAt()) || !before.scope().equals(after.scope());
        if (decisive && store.find(correcting.tenantId(), before.id()).isPresent()) {
            Compensation done = store.find(correcting.tenantId(), before.id()).orElseThrow();
            throw ApiProblem.conflict("incident-compensated", "The incident's compensation was "
                    + "granted to " + done.accounts().size() + " account(s) on the times and scope it had; they cannot "
                    + "change any more, since what was granted is not taken back. Correct its title, description or "
                    + "features, or record a new incident for a further outage.");
        }
    }

    /**
     * A compensation once committed: {@code creditdesk.compensation.accounts} counts the accounts
     * reached (tenant, mode: credits or review) and {@code creditdesk.compensation.credits} the
     * credits granted; one log line says what the incident gave.
     */
    private void reportGranted(UUID tenantId, UUID incidentId, String mode, BigDecimal hours, long accountsReached,
            long credits) {
        AfterCommit.run(() -> {
            Counter.builder("creditdesk.compensation.accounts")
                    .description("Accounts compensated for outages (credits granted or a case opened for review)")
                    .tag("tenant", tenantId.toString()).tag("mode", mode).register(meters).increment(accountsReached);
            Counter.builder("creditdesk.compensation.credits").description("Credits granted as outage compensation")
                    .tag("tenant", tenantId.toString()).register(meters).increment(credits);
            log.atInfo().addKeyValue("tenant", tenantId).addKeyValue("incident", incidentId).addKeyValue("mode", mode)
                    .addKeyValue("hours", hours.toPlainString()).addKeyValue("accounts", accountsReached)
                    .addKeyValue("credits", credits).log("Outage compensated");
        });
    }

    private Compensation already(UUID tenantId, UUID incidentId) {
        return store.find(tenantId, incidentId).orElseThrow().withStatus("already_compensated");
    }

    private Compensation.Affected compensate(UUID tenantId, Incident incident, BigDecimal hours, Order order,
            CompensationSettings settings, Instant now) {
        String why = "outage compensation for incident " + incident.id() + " (" + incident.title() + ", "
                + hours.toPlainString() + " h)";
        if (CompensationSettings.CREDITS.equals(settings.mode())) {
            Instant expires = settings.creditExpiryDays() == null ? null
                    : now.plus(Duration.ofDays(settings.creditExpiryDays()));
            UUID blockId = ledger.grant(Grant.free(tenantId, order.accountId(), BlockSource.COMPENSATION,
                    settings.credits(), expires, why)).id();
            tell(tenantId, order.accountId(), incident, hours, settings.credits(), expires);
            return new Compensation.Affected(order.accountId(), order.id(), settings.credits(), blockId, null, now);
        }
        UUID requestId = refundRequests.openOutageCase(tenantId, order.accountId(), order.id(), incident.id(),
                "Opened by " + why + "; the service was completely unavailable from " + incident.startedAt()
                        + " to " + incident.endedAt()).id();
        return new Compensation.Affected(order.accountId(), order.id(), null, null, requestId, now);
    }

    /** The customer hears of the credits, in the tenant's timezone, through the email outbox. */
    private void tell(UUID tenantId, UUID accountId, Incident incident, BigDecimal hours, long credits,
            Instant expires) {
        ZoneId zone = tenants.require(tenantId).settings().timezone();
        DateTimeFormatter at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(zone);
        notifications.queue(tenantId, "outage_compensation", accounts.require(tenantId, accountId).email(), Map.of(
                "credits", Long.toString(credits), "from", at.format(incident.startedAt()),
                "to", at.format(incident.endedAt()), "hours", hours.toPlainString(),
                "expiry", expires == null ? "" : "; they expire on "
                        + DateTimeFormatter.ISO_LOCAL_DATE.withZone(zone).format(expires)), null);
    }

    /** Per affected account, its latest order in service during the incident. */
    private Map<UUID, Order> affected(UUID tenantId, Incident incident) {
        Map<UUID, Order> byAccount = new LinkedHashMap<>();
        Map<UUID, Subscription> subs = new java.util.HashMap<>();
        for (Order order : orders.inServiceDuring(tenantId, incident.startedAt(), incident.endedAt())) {
            if (order.kind() == OrderKind.SUBSCRIPTION_PERIOD && order.subscriptionId() != null) {
                Subscription subscription = subs.computeIfAbsent(order.subscriptionId(),
                        id -> subscriptions.require(tenantId, id));
                if (subscription.endedAt() != null && !subscription.endedAt().isAfter(incident.startedAt())) {
                    continue;
                }
            }
            byAccount.put(order.accountId(), order);
        }
        return byAccount;
    }
}
