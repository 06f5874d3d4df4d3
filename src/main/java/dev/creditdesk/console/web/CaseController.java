package dev.creditdesk.console.web;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.people.People;
import dev.creditdesk.people.PersonStatus;
import dev.creditdesk.refunds.CaseAssignments;
import dev.creditdesk.refunds.CaseDecisions;
import dev.creditdesk.refunds.CaseNote;
import dev.creditdesk.refunds.CaseNotes;
import dev.creditdesk.refunds.DecisionPreview;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.Evidence;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.refunds.Remedy;
import dev.creditdesk.refunds.RemedyExecution;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.creditdesk.intake.InboundMessages;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.refunds.CaseEvent;
import dev.creditdesk.refunds.RefundCategories;
import dev.creditdesk.shared.ListPage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A case: the request and its evidence, the account's timeline, the policy's proposal with its
 * trace and its options, the case's history, and the decision form, prefilled with the remedies of
 * the option chosen (a refund's credits with what the policy removes). The form carries the
 * version of the case it was opened on; if the case changed meanwhile (decided by someone else,
 * evaluated again), the decision is refused and nothing changes.
 */
@Controller
class CaseController {

    private static final int MAX_REMEDIES = 8;
    private static final int MAX_NOTE = 5_000;

    private final RefundRequests requests;
    private final CaseDecisions decisions;
    private final RemedyExecution execution;
    private final Accounts accounts;
    private final Tenants tenants;
    private final ActorNames names;
    private final Timeline timeline;
    private final BusinessCalendar calendar;
    private final Clock clock;
    private final InboundMessages inbound;
    private final Notifications notifications;
    private final RefundCategories categories;
    private final DecisionPreview preview;
    private final CaseAssignments assignments;
    private final CaseNotes notes;
    private final People people;

    CaseController(RefundRequests requests, CaseDecisions decisions, RemedyExecution execution, Accounts accounts,
            Tenants tenants, ActorNames names, Timeline timeline, BusinessCalendar calendar, Clock clock,
            InboundMessages inbound, Notifications notifications, RefundCategories categories,
            DecisionPreview preview, CaseAssignments assignments, CaseNotes notes, People people) {
        this.preview = preview;
        this.assignments = assignments;
        this.notes = notes;
        this.people = people;
        this.inbound = inbound;
        this.notifications = notifications;
        this.categories = categories;
        this.requests = requests;
        this.decisions = decisions;
        this.execution = execution;
        this.accounts = accounts;
        this.tenants = tenants;
        this.names = names;
        this.timeline = timeline;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** One line of the decision form; strings as typed, so a refused form comes back as it was sent. */
    record RemedyRow(String type, String amount, String credits, String note) {
    }

    /**
     * The decision form as sent: approve or reject; for an approval, one of the policy's
     * alternatives ({@code option} "1", "2" …) or the remedy rows ({@code option} "own", or empty
     * when the policy offers at most one).
     */
    record DecisionForm(String decision, String option, List<RemedyRow> remedies, String note, String seen) {

        static final String OWN = "own";

        Integer optionNumber() {
            try {
                return option.isEmpty() || option.equals(OWN) ? null : Integer.valueOf(option);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** One line of the case's history: a move of its status or an internal note, who and when. */
    record HistoryLine(Instant at, String what, String who, String reason, boolean internal) {
    }

    /** One email of the case's conversation, in or out. */
    record ThreadItem(Instant at, boolean incoming, String party, String subject, String text,
            List<String> attachments, List<String> refused, String status) {
    }

    /** One alternative the policy offers, as the form lists it. */
    record OptionChoice(String value, String label) {
    }

    @GetMapping("/console/cases/{id}")
    String show(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "option", required = false, defaultValue = "1") String optionParam, Model model) {
        RefundRequest request = requests.require(user.tenantId(), Ids.parseOrNotFound("refund request", id));
        List<List<String>> options = request.options();
        int option = optionNumber(optionParam, options.size());
        List<RemedyRow> rows = options.size() != 1 ? new ArrayList<>()
                : new ArrayList<>(options.get(0).stream().map(type -> row(user, request, type)).toList());
        boolean proposesRefusal = "no_refund".equals(request.outcome());
        fill(model, user, request, new DecisionForm(proposesRefusal ? "reject" : "approve",
                options.size() > 1 ? String.valueOf(option) : "", rows, "", version(request)));
        return "console/case";
    }

    /**
     * A row of the form as the proposal has it: a refund with the proposal's amount and the credits
     * the policy removes with it (blank when the amount is left to the agent: the policy's default
     * then applies).
     */
    private RemedyRow row(ConsoleUser user, RefundRequest request, String type) {
        boolean money = type.startsWith("refund");
        BigDecimal proposed = request.proposalAmount();
        String amount = money && proposed != null ? proposed.toPlainString() : "";
        String credits = "refund".equals(type) && proposed != null && proposed.signum() > 0
                ? String.valueOf(execution.policyCredits(user.tenantId(), request, proposed).credits()) : "";
        return new RemedyRow(type, amount, credits, "");
    }

    private static int optionNumber(String value, int options) {
        try {
            int n = Integer.parseInt(value);
            return n >= 1 && n <= options ? n : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @PostMapping("/console/cases/{id}/decision")
    String decide(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, HttpServletRequest http,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        RefundRequest request = requests.require(user.tenantId(), caseId);
        DecisionForm form = read(http);
        Map<String, String> errors = new LinkedHashMap<>();
        List<Remedy> remedies = check(form, errors);
        if (!form.seen().equals(version(request))) {
            response.setStatus(409);
            model.addAttribute("stale", stale(user, request));
            fill(model, user, request, form);
            return "console/case";
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("errors", errors);
            fill(model, user, request, form);
            return "console/case";
        }
        RefundRequest decided;
        try {
            decided = decisions.decide(user.tenantId(), caseId, "approve".equals(form.decision()), remedies,
                    form.optionNumber(), form.note().isBlank() ? null : form.note().strip(), user.actor());
        } catch (ApiProblem problem) {
            return refused(user, caseId, form, problem, errors, response, model);
        }
        redirect.addFlashAttribute("done", (decided.status() == CaseStatus.APPROVED ? "Approved" : "Rejected")
                + ". The customer is emailed the decision.");
        return "redirect:/console/cases/" + caseId;
    }

    /**
     * What the decision on the form would do, before anything is recorded: it is carried out and
     * rolled back ({@link DecisionPreview}), and the page shows its effects with a confirmation form
     * carrying the same decision and the version of the case it was previewed on.
     */
    @PostMapping("/console/cases/{id}/preview")
    String preview(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, HttpServletRequest http,
            HttpServletResponse response, Model model) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        RefundRequest request = requests.require(user.tenantId(), caseId);
        DecisionForm form = read(http);
        Map<String, String> errors = new LinkedHashMap<>();
        List<Remedy> remedies = check(form, errors);
        if (!form.seen().equals(version(request))) {
            response.setStatus(409);
            model.addAttribute("stale", stale(user, request));
            fill(model, user, request, form);
            return "console/case";
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("errors", errors);
            fill(model, user, request, form);
            return "console/case";
        }
        try {
            model.addAttribute("preview", preview.preview(user.tenantId(), caseId, "approve".equals(form.decision()),
                    remedies, form.optionNumber(), form.note().isBlank() ? null : form.note().strip(), user.actor()));
        } catch (ApiProblem problem) {
            return refused(user, caseId, form, problem, errors, response, model);
        }
        model.addAttribute("confirm", form);
        fill(model, user, request, form);
        return "console/case";
    }

    /** A decision or its preview refused: the form back as sent, the reason next to its field; nothing changed. */
    private String refused(ConsoleUser user, UUID caseId, DecisionForm form, ApiProblem problem,
            Map<String, String> errors, HttpServletResponse response, Model model) {
        RefundRequest now = requests.require(user.tenantId(), caseId);
        response.setStatus(problem.status());
        if (problem.status() == 409 && (problem.type().equals("case-closed") || problem.type().equals("case-changed"))) {
            model.addAttribute("stale", stale(user, now));
        } else if (problem.errors().isEmpty()) {
            errors.put("decision", problem.getMessage());
            model.addAttribute("errors", errors);
        } else {
            errors.put(field(problem.errors().get(0).field()), problem.errors().get(0).message());
            model.addAttribute("errors", errors);
        }
        fill(model, user, now, form);
        return "console/case";
    }

    /** Claims the case ("me"), gives it to one of the tenant's people, or to nobody (empty). */
    @PostMapping("/console/cases/{id}/assignment")
    String assign(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "assignee", defaultValue = "") String assignee, RedirectAttributes redirect) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        String to = assignee.equals("me") ? user.actor() : assignee.isBlank() ? null : assignee.strip();
        try {
            assignments.assign(user.tenantId(), caseId, to);
            redirect.addFlashAttribute("done", to == null ? "The case is no one's now."
                    : "The case is " + (to.equals(user.actor()) ? "yours" : who(user, to) + "'s") + " now.");
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("done", problem.getMessage() + " Nothing was changed.");
        }
        return "redirect:/console/cases/" + caseId;
    }

    /**
     * Merges the duplicate {@code id} into {@code into} (another request about the same order),
     * after a confirmation page says what will happen; {@code from} is the case page the agent was
     * on, where a refusal is shown. Success opens the request that answers both.
     */
    @PostMapping("/console/cases/{id}/merge")
    String merge(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "into", defaultValue = "") String into,
            @RequestParam(name = "from", defaultValue = "") String from,
            @RequestParam(name = "confirm", defaultValue = "") String confirm, Model model,
            RedirectAttributes redirect) {
        RefundRequest duplicate = requests.require(user.tenantId(), Ids.parseOrNotFound("refund request", id));
        UUID back = uuid(from);
        back = back == null ? duplicate.id() : back;
        UUID intoId = uuid(into);
        RefundRequest target = intoId == null ? null : requests.find(user.tenantId(), intoId).orElse(null);
        if (target == null) {
            redirect.addFlashAttribute("mergeRefused", "into: no such refund request. Nothing was changed.");
            return "redirect:/console/cases/" + back + "#duplicates";
        }
        if (!Confirmation.confirmed(confirm)) {
            model.addAttribute("confirmation", new Confirmation("Merge this request into the one received "
                    + fmt(user).dateTime(target.receivedAt()) + "?", List.of(
                    "The request received " + fmt(user).dateTime(duplicate.receivedAt()) + " ("
                            + duplicate.status().wireName().replace('_', ' ') + ", “" + duplicate.reason()
                            + "”) ends merged; nobody decides it.",
                    "The request received " + fmt(user).dateTime(target.receivedAt()) + " ("
                            + target.status().wireName().replace('_', ' ') + ", “" + target.reason()
                            + "”) answers both; its page lists the"
                            + " merged request, with its evidence and messages.",
                    "Both histories record the merge, by you, now.",
                    "One email goes to " + duplicate.email() + " on the merged request's thread: it was joined"
                            + " with the other request and will be answered there."),
                    "/console/cases/" + duplicate.id() + "/merge",
                    Map.of("into", target.id().toString(), "from", back.toString()), "Merge",
                    "/console/cases/" + back));
            return Confirmation.VIEW;
        }
        try {
            decisions.merge(user.tenantId(), duplicate.id(), target.id(), user.actor(), "duplicate request");
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("mergeRefused", problem.getMessage() + " Nothing was changed.");
            return "redirect:/console/cases/" + back + "#duplicates";
        }
        redirect.addFlashAttribute("done", "Merged: the request received " + fmt(user).dateTime(duplicate.receivedAt())
                + " is answered here; the customer is told.");
        return "redirect:/console/cases/" + target.id();
    }

    private ConsoleFormat fmt(ConsoleUser user) {
        return new ConsoleFormat(tenants.require(user.tenantId()).settings().timezone());
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An internal note: for the team, never in an email to the customer nor on their status page. */
    @PostMapping("/console/cases/{id}/notes")
    String note(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "body", defaultValue = "") String body, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        RefundRequest request = requests.require(user.tenantId(), caseId);
        try {
            notes.add(user.tenantId(), caseId, body, user.actor());
        } catch (ApiProblem problem) {
            response.setStatus(problem.status());
            model.addAttribute("noteError", problem.errors().isEmpty() ? problem.getMessage()
                    : "The note " + problem.errors().get(0).message() + ".");
            model.addAttribute("noteBody", body);
            show(user, id, "1", model);
            return "console/case";
        }
        redirect.addFlashAttribute("done", "Internal note added; the customer does not see it.");
        return "redirect:/console/cases/" + request.id() + "#notes";
    }

    /**
     * The customer's answer to a request for information, as support heard it (phone, chat): the
     * case moves on exactly as with the API's answer.
     */
    @PostMapping("/console/cases/{id}/answer")
    String answer(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "information", defaultValue = "") String information,
            @RequestParam(name = "task_id", defaultValue = "") String taskId, HttpServletResponse response,
            Model model, RedirectAttributes redirect) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        Map<String, String> errors = new LinkedHashMap<>();
        if (information.isBlank()) {
            errors.put("information", "Write down what the customer said.");
        } else if (information.length() > MAX_NOTE) {
            errors.put("information", "The answer is at most " + MAX_NOTE + " characters.");
        }
        UUID task = null;
        if (!taskId.isBlank()) {
            try {
                task = UUID.fromString(taskId.strip());
            } catch (IllegalArgumentException e) {
                errors.put("task_id", "That is not a task id.");
            }
        }
        if (errors.isEmpty()) {
            try {
                RefundRequest answered = decisions.answer(user.tenantId(), caseId, information.strip(), List.of(), task,
                        user.actor());
                redirect.addFlashAttribute("done", "The customer's answer is recorded; the case is now "
                        + answered.status().wireName().replace('_', ' ') + ".");
                return "redirect:/console/cases/" + caseId;
            } catch (ApiProblem problem) {
                errors.put(problem.errors().isEmpty() ? "information" : problem.errors().get(0).field(),
                        problem.errors().isEmpty() ? problem.getMessage() : "The task " + problem.errors().get(0)
                                .message() + ".");
                response.setStatus(problem.status());
            }
        } else {
            response.setStatus(400);
        }
        model.addAttribute("answerErrors", errors);
        model.addAttribute("answerForm", Map.of("information", information, "task_id", taskId));
        show(user, id, "1", model);
        return "console/case";
    }

    /** Support asks the policy again (evidence, outages or chargebacks since); the earlier proposals stay listed. */
    @PostMapping("/console/cases/{id}/evaluate")
    String evaluate(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id, RedirectAttributes redirect) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        try {
            RefundRequest evaluated = decisions.reevaluate(user.tenantId(), caseId, "asked again in the console",
                    user.actor());
            redirect.addFlashAttribute("done", "Evaluated again: the policy now proposes "
                    + (evaluated.outcome() == null ? "nothing (no policy applies)" : evaluated.outcome().replace('_', ' '))
                    + ". The earlier proposals are listed below.");
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("done", problem.getMessage());
        }
        return "redirect:/console/cases/" + caseId;
    }

    /** Support corrects the case's reason category (one guessed from the customer's email, say); it is evaluated again. */
    @PostMapping("/console/cases/{id}/category")
    String category(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @RequestParam(name = "category", defaultValue = "") String category, RedirectAttributes redirect) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        try {
            RefundRequest changed = decisions.recategorise(user.tenantId(), caseId, category, user.actor());
            redirect.addFlashAttribute("done", "The reason is now " + changed.category().replace('_', ' ')
                    + "; the case was evaluated again.");
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("done", problem.getMessage() + " Nothing was changed.");
        }
        return "redirect:/console/cases/" + caseId;
    }

    @GetMapping("/console/cases/{id}/evidence/{evidenceId}")
    ResponseEntity<byte[]> evidence(@AuthenticationPrincipal ConsoleUser user, @PathVariable String id,
            @PathVariable String evidenceId) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        UUID fileId = Ids.parseOrNotFound("evidence", evidenceId);
        Evidence meta = requests.evidence(user.tenantId(), caseId).stream().filter(e -> e.id().equals(fileId))
                .findFirst().orElseThrow(() -> ApiProblem.notFound("evidence", fileId));
        boolean image = meta.contentType().startsWith("image/");
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(meta.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, (image ? ContentDisposition.inline() : ContentDisposition.attachment())
                        .filename(meta.filename() == null ? meta.kind() : meta.filename()).build().toString())
                .body(requests.evidenceData(user.tenantId(), caseId, fileId));
    }

    private void fill(Model model, ConsoleUser user, RefundRequest request, DecisionForm form) {
        Tenant tenant = tenants.require(user.tenantId());
        model.addAttribute("request", request);
        model.addAttribute("account", accounts.find(user.tenantId(), request.accountId()).orElse(null));
        model.addAttribute("evidence", requests.evidence(user.tenantId(), request.id()));
        model.addAttribute("timeline", timeline.of(user.tenantId(), request.accountId(), request.id()));
        model.addAttribute("proposal", request.proposal());
        model.addAttribute("timeLeft", TimeLeft.of(request, tenant, clock.instant(), calendar));
        model.addAttribute("decidedBy", who(user, request.decidedBy()));
        model.addAttribute("open", request.open());
        model.addAttribute("options", request.options());
        List<CaseEvent> history = decisions.history(user.tenantId(), request.id());
        model.addAttribute("history", history);
        boolean corrected = history.stream().anyMatch(e -> e.reason() != null
                && e.reason().startsWith(CaseDecisions.CATEGORY_CHANGED));
        model.addAttribute("categoryGuessed", !corrected && inbound.guessedCategory(user.tenantId(), request.id())
                .filter(request.category()::equals).isPresent());
        model.addAttribute("categories", request.open() ? categories.accepted(tenant, request.receivedAt(), null)
                : List.of());
        model.addAttribute("proposals", decisions.proposals(user.tenantId(), request.id()));
        List<RemedyRow> rows = new ArrayList<>(form.remedies());
        while (rows.size() < Math.min(MAX_REMEDIES, form.remedies().size() + 1)) {
            rows.add(new RemedyRow("", "", "", ""));
        }
        if (rows.isEmpty()) {
            rows.add(new RemedyRow("", "", "", ""));
        }
        model.addAttribute("form", new DecisionForm(form.decision(), form.option(), rows, form.note(), form.seen()));
        List<OptionChoice> choices = new ArrayList<>();
        if (request.options().size() > 1) {
            for (int i = 0; i < request.options().size(); i++) {
                choices.add(new OptionChoice(String.valueOf(i + 1), describe(request, i + 1)));
            }
            choices.add(new OptionChoice(DecisionForm.OWN, "Other remedies: the rows below"));
        }
        model.addAttribute("choices", choices);
        String assignee = assignments.assignee(user.tenantId(), request.id()).orElse(null);
        model.addAttribute("assignee", assignee);
        model.addAttribute("assigneeName", assignee == null ? "" : who(user, assignee));
        model.addAttribute("mine", user.actor().equals(assignee));
        model.addAttribute("people", people.list(user.tenantId()).stream()
                .filter(p -> p.status() == PersonStatus.ACTIVE).toList());
        model.addAttribute("sameOrder", assignments.sameOrder(user.tenantId(), request.id()));
        model.addAttribute("merged", decisions.mergedInto(user.tenantId(), request.id()));
        List<CaseNote> caseNotes = notes.list(user.tenantId(), request.id());
        model.addAttribute("notes", caseNotes);
        List<HistoryLine> lines = new ArrayList<>();
        for (CaseEvent e : history) {
            lines.add(new HistoryLine(e.at(), e.from() == null ? "opened " + e.to().wireName().replace('_', ' ')
                    : e.from().wireName().replace('_', ' ') + " → " + e.to().wireName().replace('_', ' '),
                    who(user, e.actor()), e.reason(), false));
        }
        for (CaseNote n : caseNotes) {
            lines.add(new HistoryLine(n.createdAt(), "note", who(user, n.author()), n.body(), true));
        }
        lines.sort(Comparator.comparing(HistoryLine::at));
        model.addAttribute("historyLines", lines);
        List<ThreadItem> thread = new ArrayList<>();
        inbound.forCase(user.tenantId(), request.id()).forEach(m -> thread.add(new ThreadItem(m.receivedAt(), true,
                m.sender() == null ? "" : m.sender(), m.subject(), m.text(), m.attachments(), m.refused(), "")));
        notifications.page(user.tenantId(), request.id(), null, ListPage.MAX_LIMIT).data().forEach(m -> thread.add(
                new ThreadItem(m.createdAt(), false, m.recipient(), m.subject(), m.body(), List.of(), List.of(),
                        m.status())));
        thread.sort(Comparator.comparing(ThreadItem::at));
        model.addAttribute("thread", thread);
        if (!model.containsAttribute("answerErrors")) {
            model.addAttribute("answerErrors", Map.of());
            model.addAttribute("answerForm", Map.of("information", "", "task_id", ""));
        }
        model.addAttribute("remedyTypes", Remedy.TYPES);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    /** An alternative of the policy's in words: its remedies with their amounts and credits. */
    private String describe(RefundRequest request, int option) {
        try {
            return decisions.proposed(request, option).stream().map(r -> r.type().replace('_', ' ')
                    + (r.amount() == null ? "" : " " + r.amount().toPlainString())
                    + (r.credits() == null ? "" : " (" + r.credits() + " credits)")).reduce((a, b) -> a + ", " + b)
                    .orElse("nothing");
        } catch (ApiProblem problem) {
            return String.join(", ", request.options().get(option - 1)).replace('_', ' ') + " (cannot be applied: "
                    + problem.getMessage() + ")";
        }
    }

    /** What the decision form was opened on: any change to the case makes a form opened before it stale. */
    static String version(RefundRequest r) {
        return Integer.toHexString(Objects.hash(r.status().wireName(), r.decidedAt(), r.decidedBy(), r.outcome(),
                r.proposedAmount() == null ? null : r.proposedAmount().stripTrailingZeros(), r.dueAt(),
                r.evidenceKinds(), r.policyVersion()));
    }

    private String stale(ConsoleUser user, RefundRequest now) {
        if (!now.open()) {
            return "This case was already " + now.status().wireName().replace('_', ' ') + " by " + who(user, now.decidedBy())
                    + (now.decidedAt() == null ? "" : " (" + new ConsoleFormat(tenants.require(user.tenantId())
                    .settings().timezone()).dateTime(now.decidedAt()) + ")")
                    + ". Your decision was not recorded; nothing was changed.";
        }
        return "This case changed since you opened it (it is now " + now.status().wireName().replace('_', ' ')
                + (now.outcome() == null ? "" : ", the policy proposes " + now.outcome().replace('_', ' '))
                + "). Your decision was not recorded; review the case again below.";
    }

    /** Who decided, in words: the policy, the customer, a person by name, or which of the tenant's keys. */
    String who(ConsoleUser user, String actor) {
        return names.name(user, actor);
    }

    private static DecisionForm read(HttpServletRequest http) {
        String[] types = values(http, "remedy_type");
        String[] amounts = values(http, "remedy_amount");
        String[] credits = values(http, "remedy_credits");
        String[] notes = values(http, "remedy_note");
        List<RemedyRow> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(types.length, MAX_REMEDIES); i++) {
            rows.add(new RemedyRow(types[i], at(amounts, i), at(credits, i), at(notes, i)));
        }
        return new DecisionForm(Objects.toString(http.getParameter("decision"), ""),
                Objects.toString(http.getParameter("option"), ""), rows,
                Objects.toString(http.getParameter("note"), ""), Objects.toString(http.getParameter("seen"), ""));
    }

    private static String[] values(HttpServletRequest http, String name) {
        String[] values = http.getParameterValues(name);
        return values == null ? new String[0] : values;
    }

    private static String at(String[] values, int i) {
        return i < values.length && values[i] != null ? values[i].strip() : "";
    }

    /** The remedies the form names; empty rows are skipped, mistakes are named by field. */
    private static List<Remedy> check(DecisionForm form, Map<String, String> errors) {
        if (!"approve".equals(form.decision()) && !"reject".equals(form.decision())) {
            errors.put("decision", "Choose approve or reject.");
        }
        if (form.note().length() > MAX_NOTE) {
            errors.put("note", "The note is at most " + MAX_NOTE + " characters.");
        }
        if ("reject".equals(form.decision()) && form.note().isBlank()) {
            errors.put("note", "A rejection gives its reason; the customer reads it.");
        }
        List<Remedy> remedies = new ArrayList<>();
        if (!"approve".equals(form.decision())) {
            return remedies;
        }
        if (form.optionNumber() != null) {
            return remedies; // the policy's alternative, as it proposes it
        }
        for (int i = 0; i < form.remedies().size(); i++) {
            RemedyRow row = form.remedies().get(i);
            if (row.type().isEmpty()) {
                continue;
            }
            int n = i + 1;
            if (!Remedy.TYPES.contains(row.type())) {
                errors.put("remedy_type_" + n, "Remedy " + n + ": choose a remedy from the list.");
                continue;
            }
            BigDecimal amount = null;
            if (!row.amount().isEmpty()) {
                try {
                    amount = new BigDecimal(row.amount());
                    if (amount.signum() <= 0 || amount.scale() > 2) {
                        errors.put("remedy_amount_" + n, "Remedy " + n + ": the amount must be positive, such as 22.43.");
                        continue;
                    }
                } catch (NumberFormatException e) {
                    errors.put("remedy_amount_" + n, "Remedy " + n + ": the amount must be a number such as 22.43.");
                    continue;
                }
            }
            Long credits = null;
            if (!row.credits().isEmpty()) {
                try {
                    credits = Long.parseLong(row.credits());
                } catch (NumberFormatException e) {
                    errors.put("remedy_credits_" + n, "Remedy " + n + ": credits must be a whole number.");
                    continue;
                }
            }
            try {
                remedies.add(Remedy.of(row.type(), amount, credits, row.note().isEmpty() ? null : row.note()));
            } catch (IllegalArgumentException e) {
                String field = e.getMessage().contains("credits") ? "remedy_credits_" : "remedy_amount_";
                errors.put(field + n, "Remedy " + n + ": " + e.getMessage() + ".");
            }
        }
        if (remedies.isEmpty() && errors.isEmpty() && form.optionNumber() == null) {
            errors.put(form.option().isEmpty() ? "remedy_type_1" : "option", "An approval needs at least one remedy.");
        }
        return remedies;
    }

    /** The API's field names for a decision, as the form names them. */
    private static String field(String apiField) {
        return apiField.startsWith("remedies") ? "remedy_type_1" : apiField;
    }
}
