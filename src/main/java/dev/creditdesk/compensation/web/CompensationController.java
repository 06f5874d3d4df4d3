package dev.creditdesk.compensation.web;

import dev.creditdesk.compensation.Compensation;
import dev.creditdesk.compensation.CompensationSettings;
import dev.creditdesk.compensation.OutageCompensation;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Role;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CompensationController {

    private static final Set<String> MODES = Set.of(CompensationSettings.NONE, CompensationSettings.REVIEW,
            CompensationSettings.CREDITS);
    /** A year: a longer threshold would never be reached. */
    private static final BigDecimal MAX_THRESHOLD_HOURS = new BigDecimal("8760");
    private static final int MAX_EXPIRY_DAYS = 3650;

    private final OutageCompensation compensation;

    CompensationController(OutageCompensation compensation) {
        this.compensation = compensation;
    }

    record SettingsBody(String mode, String thresholdHours, Long credits, Integer creditExpiryDays) {
    }

    record SettingsView(String object, String mode, String thresholdHours, Long credits, Integer creditExpiryDays,
            String updatedBy, Instant updatedAt) {
        static SettingsView of(CompensationSettings s) {
            return new SettingsView("outage_compensation_settings", s.mode(), s.thresholdHours().stripTrailingZeros()
                    .toPlainString(), s.credits(), s.creditExpiryDays(), s.updatedBy(), s.updatedAt());
        }
    }

    record AffectedView(UUID accountId, UUID orderId, Long credits, UUID creditBlockId, UUID refundRequestId) {
    }

    record CompensationView(String object, UUID incidentId, String status, String reason, String mode,
            String thresholdHours, String incidentHours, String ranBy, Instant ranAt, Integer accountCount,
            List<AffectedView> accounts) {
        static CompensationView of(Compensation c) {
            return new CompensationView("outage_compensation", c.incidentId(), c.status(), c.reason(), c.mode(),
                    c.thresholdHours() == null ? null : c.thresholdHours().stripTrailingZeros().toPlainString(),
                    c.incidentHours() == null ? null : c.incidentHours().toPlainString(), c.ranBy(), c.ranAt(),
                    c.accounts().size(), c.accounts().stream().map(a -> new AffectedView(a.accountId(), a.orderId(),
                            a.credits(), a.blockId(), a.refundRequestId())).toList());
        }
    }

    @GetMapping("/v1/outage-compensation")
    @Allow({Role.SUPPORT, Role.ADMIN})
    SettingsView settings(Caller caller) {
        return SettingsView.of(compensation.settings(caller.tenantId()));
    }

    @PostMapping("/v1/outage-compensation")
    @Allow({Role.ADMIN})
    SettingsView save(Caller caller, @RequestBody SettingsBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (body.mode() == null) {
            errors.add(new FieldProblem("mode", "is required (none, review or credits)"));
        } else if (!MODES.contains(body.mode())) {
            errors.add(new FieldProblem("mode", "must be none, review or credits"));
        }
        BigDecimal threshold = CompensationSettings.DEFAULT_THRESHOLD_HOURS;
        if (body.thresholdHours() != null) {
            threshold = hours(body.thresholdHours(), errors);
        }
        Long credits = null;
        if (CompensationSettings.CREDITS.equals(body.mode()) || body.credits() != null) {
            credits = Fields.requiredCredits(body.credits(), "credits", errors);
        }
        Integer expiry = body.creditExpiryDays();
        if (expiry != null && (expiry < 1 || expiry > MAX_EXPIRY_DAYS)) {
            errors.add(new FieldProblem("credit_expiry_days", "must be between 1 and " + MAX_EXPIRY_DAYS));
        }
        Fields.throwIfAny(errors);
        return SettingsView.of(compensation.saveSettings(caller.tenantId(), body.mode(), threshold, credits, expiry,
                caller.actor()));
    }

    @GetMapping("/v1/incidents/{id}/compensation")
    @Allow({Role.SUPPORT, Role.ADMIN})
    CompensationView find(Caller caller, @PathVariable String id) {
        return CompensationView.of(compensation.find(caller.tenantId(), Ids.parseOrNotFound("incident", id)));
    }

    /** Runs compensation for the incident now; a second run does nothing and answers already_compensated. */
    @PostMapping("/v1/incidents/{id}/compensation")
    @Allow({Role.SUPPORT, Role.ADMIN})
    CompensationView compensate(Caller caller, @PathVariable String id) {
        return CompensationView.of(compensation.compensate(caller.tenantId(), Ids.parseOrNotFound("incident", id),
                caller.actor()));
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
}
