package dev.creditdesk.console.web;

import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Keyset;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Chargebacks: a page at a time, filtered by outcome, what each suspended and how that was
 * settled, and recording the provider's answer for a dispute support follows by hand. An answer
 * that closes it (won or lost) is confirmed first, with what it will lift or revoke.
 */
@Controller
class DisputesPageController {

    static final int PAGE = 50;
    static final List<String> FILTERS = List.of("open", "won", "lost");

    private final Disputes disputes;

    DisputesPageController(Disputes disputes) {
        this.disputes = disputes;
    }

    @GetMapping("/console/disputes")
    String list(@AuthenticationPrincipal ConsoleUser user,
            @RequestParam(name = "outcome", defaultValue = "") String outcome,
            @RequestParam(name = "after", required = false) String after,
            @RequestParam(name = "before", required = false) String before, Model model) {
        fill(model, user, FILTERS.contains(outcome) ? outcome : "", Keyset.Cursor.of(after, before));
        return "console/disputes";
    }

    @PostMapping("/console/disputes/{id}/status")
    String status(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "status", defaultValue = "") String status,
            @RequestParam(name = "confirm", defaultValue = "") String confirm, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        UUID disputeId = Ids.parseOrNotFound("dispute", id);
        if (!Dispute.STATUSES.contains(status)) {
            response.setStatus(400);
            model.addAttribute("refused", "Choose the provider's status for the dispute.");
            fill(model, user, "", Keyset.Cursor.FIRST);
            return "console/disputes";
        }
        Disputes.Settlement settlement = disputes.preview(user.tenantId(), disputeId, status);
        if (settlement.dispute().open() && settlement.outcome() != Dispute.Outcome.OPEN
                && !Confirmation.confirmed(confirm)) {
            model.addAttribute("confirmation", new Confirmation("Record the dispute as "
                    + settlement.outcome().wireName() + "?", effects(settlement, status),
                    "/console/disputes/" + disputeId + "/status", Map.of("status", status),
                    "Record " + settlement.outcome().wireName(), "/console/disputes"));
            return Confirmation.VIEW;
        }
        try {
            Dispute d = disputes.update(user.tenantId(), disputeId, status, null, user.actor());
            redirect.addFlashAttribute("done", d.open()
                    ? "The dispute on " + charge(d) + " stays open; the provider's status is " + words(d.status()) + "."
                    : "Recorded the dispute on " + charge(d) + " as " + d.outcome().wireName() + ".");
            return "redirect:/console/disputes";
        } catch (ApiProblem problem) {
            response.setStatus(problem.status());
            model.addAttribute("refused", problem.getMessage() + " Nothing was changed.");
            fill(model, user, "", Keyset.Cursor.FIRST);
            return "console/disputes";
        }
    }

    /** What closing it does, in the disputes module's own figures. */
    static List<String> effects(Disputes.Settlement settlement, String status) {
        Dispute d = settlement.dispute();
        List<String> effects = new ArrayList<>();
        effects.add("The dispute on " + charge(d) + " (" + d.amount().getAmount().toPlainString() + " "
                + d.amount().getCurrencyUnit().getCode() + ") closes as " + settlement.outcome().wireName()
                + "; the provider's status becomes “" + words(status) + "”.");
        if (settlement.outcome() == Dispute.Outcome.WON) {
            if (settlement.inForce().isEmpty()) {
                effects.add("It suspended nothing that is still in force, so nothing is lifted.");
            }
            for (Dispute.DisputeSuspension s : settlement.inForce()) {
                effects.add(switch (s.kind()) {
                    case "credits" -> "The " + s.credits() + " credits of the order it suspended can be used again.";
                    case "subscription" -> "The subscription it suspended resumes.";
                    default -> "The account's " + s.kind() + " suspension it caused is lifted.";
                });
            }
        } else {
            effects.add(settlement.creditsRevoked() == 0 ? "The order has no credits left, so none are revoked."
                    : "The " + settlement.creditsRevoked() + " credits the order still has are revoked"
                            + suspendedAmong(settlement) + ".");
            if (settlement.endsSubscription() != null) {
                effects.add("The order's subscription ends.");
            }
            settlement.inForce().stream().filter(s -> !List.of("credits", "subscription").contains(s.kind()))
                    .forEach(s -> effects.add("The account's " + s.kind() + " suspension it caused is lifted "
                            + "(the credits are gone instead)."));
            effects.add("The order is marked charged back.");
        }
        effects.add("Refund requests about the order are evaluated again.");
        return effects;
    }

    private static String suspendedAmong(Disputes.Settlement settlement) {
        long suspended = settlement.inForce().stream().filter(s -> s.kind().equals("credits"))
                .mapToLong(Dispute.DisputeSuspension::credits).sum();
        return suspended == 0 ? "" : " (the " + suspended + " it suspended among them)";
    }

    private static String charge(Dispute d) {
        return d.transactionId() != null ? "charge " + d.transactionId() : "order " + d.orderId();
    }

    private static String words(String wireName) {
        return wireName.replace('_', ' ');
    }

    private void fill(Model model, ConsoleUser user, String outcome, Keyset.Cursor cursor) {
        Keyset<Dispute> page = disputes.window(user.tenantId(), outcome.isEmpty() ? null : outcome, cursor, PAGE);
        model.addAttribute("page", page);
        model.addAttribute("rows", page.rows());
        model.addAttribute("outcome", outcome);
        model.addAttribute("filters", FILTERS);
        model.addAttribute("statuses", Dispute.STATUSES);
        model.addAttribute("limit", PAGE);
        model.addAttribute("newerHref", page.newer() == null ? null : href(outcome, null, page.newer()));
        model.addAttribute("olderHref", page.older() == null ? null : href(outcome, page.older(), null));
    }

    private static String href(String outcome, String after, String before) {
        Map<String, String> params = new LinkedHashMap<>();
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/disputes");
        if (!outcome.isEmpty()) {
            params.put("outcome", outcome);
        }
        if (after != null) {
            params.put("after", after);
        }
        if (before != null) {
            params.put("before", before);
        }
        params.forEach(uri::queryParam);
        return uri.build().toUriString();
    }
}
