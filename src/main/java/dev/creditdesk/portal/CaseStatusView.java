package dev.creditdesk.portal;

import dev.creditdesk.billing.ProviderRefund;
import dev.creditdesk.billing.Refunds;
import dev.creditdesk.refunds.CaseDecision;
import dev.creditdesk.refunds.CaseMessages;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.Evidence;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.tenants.Tenant;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A case as its customer reads it on the status page: in words, never in the API's codes. */
@Component
public class CaseStatusView {

    /** The refund's progress: requested, on its way (with when it usually arrives), arrived by now, or failed. */
    public record RefundProgress(String stage, String words, LocalDate arrivalFrom, LocalDate arrivalTo) {
    }

    public record View(UUID id, String order, LocalDate received, String status, String headline, String detail,
            boolean open, boolean awaitingInformation, String missing, String decision, String reason,
            RefundProgress refund, List<String> files) {
    }

    private final Refunds refunds;
    private final RefundRequests requests;
    private final CaseMessages messages;
    private final Clock clock;

    CaseStatusView(Refunds refunds, RefundRequests requests, CaseMessages messages, Clock clock) {
        this.refunds = refunds;
        this.requests = requests;
        this.messages = messages;
        this.clock = clock;
    }

    public View of(Tenant tenant, RefundRequest request) {
        ZoneId zone = tenant.settings().timezone();
        String missing = String.join(", ", missing(request)).replace('_', ' ');
        String headline;
        String detail;
        switch (request.status()) {
            case IN_REVIEW -> {
                headline = "In review";
                detail = "Our support team is reviewing your request"
                        + (request.dueAt() == null ? "." : " and will decide by "
                                + request.dueAt().atZone(zone).toLocalDate() + ".");
            }
            case AWAITING_INFORMATION -> {
                headline = "We need more information";
                detail = "To decide, we need: " + (missing.isEmpty() ? "a few more details" : missing)
                        + ". Answer below, or reply to our email.";
            }
            case AWAITING_CHOICE -> {
                headline = "Waiting for your choice";
                detail = "You can choose how we settle your request: reply to our email with the option you prefer.";
            }
            case APPROVED -> {
                headline = "Approved";
                detail = "We approved your request.";
            }
            case REJECTED -> {
                headline = "Declined";
                detail = "We cannot approve your request.";
            }
            case MERGED -> {
                headline = "Joined with another request";
                detail = "This request was joined with your other request about the same order; we answer it"
                        + " there.";
            }
            default -> {
                headline = "Withdrawn";
                detail = "The request was withdrawn.";
            }
        }
        String decision = request.decision() == null ? null
                : CaseMessages.describe(CaseDecision.remedies(request.decision()),
                        tenant.settings().currency().getCode());
        return new View(request.id(), request.orderReference(),
                request.receivedAt().atZone(zone).toLocalDate(), request.status().wireName(), headline, detail,
                request.open(), request.status() == CaseStatus.AWAITING_INFORMATION, missing,
                decision == null || decision.isEmpty() ? null : decision, reason(request), progress(tenant, request),
                requests.evidence(tenant.id(), request.id()).stream()
                        .map(e -> e.filename() == null ? kind(e) : e.filename()).toList());
    }

    private RefundProgress progress(Tenant tenant, RefundRequest request) {
        if (request.refundId() == null) {
            return null;
        }
        ProviderRefund refund = refunds.find(tenant.id(), request.refundId()).orElse(null);
        if (refund == null) {
            return null;
        }
        String amount = refund.amount().getAmount().toPlainString() + " " + refund.amount().getCurrencyUnit().getCode();
        return switch (refund.status()) {
            case REQUESTED, PENDING -> new RefundProgress("requested", "We are sending " + amount
                    + " back to your original payment method.", null, null);
            case SUCCEEDED -> {
                CaseMessages.Arrival arrival = messages.arrival(tenant,
                        refund.completedAt() == null ? clock.instant() : refund.completedAt());
                boolean due = clock.instant().atZone(tenant.settings().timezone()).toLocalDate().isAfter(arrival.to());
                yield due
                        ? new RefundProgress("arrived", "We sent " + amount + " back to your original payment "
                                + "method; it should have arrived by " + arrival.to() + ". If it has not, contact us.",
                                arrival.from(), arrival.to())
                        : new RefundProgress("on its way", "We sent " + amount + " back to your original payment "
                                + "method. It usually arrives between " + arrival.from() + " and " + arrival.to()
                                + ", depending on your bank or card issuer.", arrival.from(), arrival.to());
            }
            case FAILED, CANCELED -> new RefundProgress("failed", "The refund of " + amount + " could not be sent. "
                    + "Our support team is looking into it and will contact you.", null, null);
        };
    }

    private static String reason(RefundRequest request) {
        if (request.decision() != null && request.decision().get("note") != null) {
            return request.decision().get("note").toString();
        }
        if (!request.open() && request.proposal() != null && request.proposal().get("cite") != null) {
            return request.proposal().get("cite").toString();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> missing(RefundRequest request) {
        Map<String, Object> proposal = request.proposal();
        return proposal == null ? List.of() : (List<String>) proposal.getOrDefault("missing", List.of());
    }

    private static String kind(Evidence evidence) {
        return evidence.kind() == null ? "a file" : evidence.kind().replace('_', ' ');
    }
}
