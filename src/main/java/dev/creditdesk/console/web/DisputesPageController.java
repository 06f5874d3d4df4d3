package dev.creditdesk.console.web;

import dev.creditdesk.disputes.Dispute;
import dev.creditdesk.disputes.Disputes;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Chargebacks: the latest ones, what each suspended and how that was settled, and recording the
 * provider's answer (won or lost) for a dispute support follows by hand.
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
            @RequestParam(name = "outcome", defaultValue = "") String outcome, Model model) {
        fill(model, user, FILTERS.contains(outcome) ? outcome : "");
        return "console/disputes";
    }

    @PostMapping("/console/disputes/{id}/status")
    String status(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "status", defaultValue = "") String status, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var disputeId = Ids.parseOrNotFound("dispute", id);
        if (!Dispute.STATUSES.contains(status)) {
            response.setStatus(400);
            model.addAttribute("refused", "Choose the provider's status for the dispute.");
            fill(model, user, "");
            return "console/disputes";
        }
        try {
            Dispute d = disputes.update(user.tenantId(), disputeId, status, null, user.actor());
            redirect.addFlashAttribute("done", "Dispute on order " + d.orderId().toString().substring(0, 8) + " is "
                    + d.status().replace('_', ' ') + (d.open() ? "." : "; what it suspended is "
                    + (d.outcome() == Dispute.Outcome.WON ? "lifted." : "settled: credits revoked, order charged back.")));
            return "redirect:/console/disputes";
        } catch (ApiProblem problem) {
            response.setStatus(problem.status());
            model.addAttribute("refused", problem.getMessage() + " Nothing was changed.");
            fill(model, user, "");
            return "console/disputes";
        }
    }

    private void fill(Model model, ConsoleUser user, String outcome) {
        model.addAttribute("rows", disputes.list(user.tenantId(), outcome.isEmpty() ? null : outcome, null, null, PAGE));
        model.addAttribute("outcome", outcome);
        model.addAttribute("filters", FILTERS);
        model.addAttribute("statuses", Dispute.STATUSES);
        model.addAttribute("limit", PAGE);
    }
}
