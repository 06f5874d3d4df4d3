package dev.creditdesk.compensation.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.compensation.Compensation;
import dev.creditdesk.compensation.CompensationSettings;
import dev.creditdesk.compensation.OutageCompensation;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CompensationController {

    private final OutageCompensation compensation;

    CompensationController(OutageCompensation compensation) {
        this.compensation = compensation;
    }

    record SettingsBody(@Schema(allowableValues = {"none", "review", "credits"}, requiredMode = REQUIRED) String mode,
            String thresholdHours, Long credits, Integer creditExpiryDays) {
    }

    record SettingsView(String object, @Schema(allowableValues = {"none", "review", "credits"}) String mode,
            @Nullable String thresholdHours, @Nullable Long credits, @Nullable Integer creditExpiryDays,
            @Nullable String updatedBy, @Nullable Instant updatedAt) {
        static SettingsView of(CompensationSettings s) {
            return new SettingsView("outage_compensation_settings", s.mode(), s.thresholdHours().stripTrailingZeros()
                    .toPlainString(), s.credits(), s.creditExpiryDays(), s.updatedBy(), s.updatedAt());
        }
    }

    record AffectedView(UUID accountId, @Nullable UUID orderId, @Nullable Long credits, @Nullable UUID creditBlockId,
            @Nullable UUID refundRequestId) {
    }

    record CompensationView(String object, UUID incidentId, String status, @Nullable String reason,
            @Schema(allowableValues = {"none", "review", "credits"}) @Nullable String mode,
            @Nullable String thresholdHours, @Nullable String incidentHours, @Nullable String ranBy,
            @Nullable Instant ranAt, @Nullable Integer accountCount, @Nullable List<AffectedView> accounts) {
        static CompensationView of(Compensation c) {
            return new CompensationView("outage_compensation", c.incidentId(), c.status(), c.reason(), c.mode(),
                    c.thresholdHours() == null ? null : c.thresholdHours().stripTrailingZeros().toPlainString(),
                    c.incidentHours() == null ? null : c.incidentHours().toPlainString(), c.ranBy(), c.ranAt(),
                    c.accounts().size(), c.accounts().stream().map(a -> new AffectedView(a.accountId(), a.orderId(),
                            a.credits(), a.blockId(), a.refundRequestId())).toList());
        }
    }

    @Operation(operationId = "getCompensationSettings", summary = "Retrieve the outage compensation settings")
    @GetMapping("/v1/outage-compensation")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    SettingsView settings(Caller caller) {
        return SettingsView.of(compensation.settings(caller.tenantId()));
    }

    @Operation(operationId = "updateCompensationSettings", summary = "Update the outage compensation settings")
    @PostMapping("/v1/outage-compensation")
    @Allow({Role.ADMIN})
    SettingsView save(Caller caller, @RequestBody SettingsBody body) {
        return SettingsView.of(compensation.saveSettings(caller.tenantId(), body.mode(), body.thresholdHours(),
                body.credits(), body.creditExpiryDays(), caller.actor()));
    }

    @Operation(operationId = "getIncidentCompensation", summary = "Retrieve an incident's compensation")
    @GetMapping("/v1/incidents/{id}/compensation")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    CompensationView find(Caller caller, @PathVariable String id) {
        return CompensationView.of(compensation.find(caller.tenantId(), Ids.parseOrNotFound("incident", id)));
    }

    /** Runs compensation for the incident now; a second run does nothing and answers already_compensated. */
    @Operation(operationId = "compensateIncident", summary = "Grant an incident's outage compensation",
            description = "Grants the credits the settings give to every affected account, once.")
    @PostMapping("/v1/incidents/{id}/compensation")
    @Allow({Role.SUPPORT, Role.ADMIN})
    CompensationView compensate(Caller caller, @PathVariable String id) {
        return CompensationView.of(compensation.compensate(caller.tenantId(), Ids.parseOrNotFound("incident", id),
                caller.actor()));
    }
}
