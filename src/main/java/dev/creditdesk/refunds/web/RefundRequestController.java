package dev.creditdesk.refunds.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.policy.Outcome;
import dev.creditdesk.policy.Policy;
import dev.creditdesk.refunds.CaseAssignments;
import dev.creditdesk.refunds.CaseDecisions;
import dev.creditdesk.refunds.CaseNote;
import dev.creditdesk.refunds.CaseNotes;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.RefundCategories;
import dev.creditdesk.refunds.Evidence;
import dev.creditdesk.policy.RefundCategory;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.refunds.Remedy;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Metadata;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RefundRequestController {

    private static final int MAX_REASON = 5_000;
    private static final int MAX_REMEDIES = 20;
    private static final String CATEGORY = "A built-in reason category, or one the tenant's policy declares;"
            + " GET /v1/refund-categories lists those accepted now";

    private final RefundRequests requests;
    private final RefundIntake intake;
    private final CaseDecisions decisions;
    private final RefundCategories categories;
    private final Tenants tenants;
    private final Clock clock;

    private final CaseAssignments assignments;
    private final CaseNotes notes;

    RefundRequestController(RefundRequests requests, RefundIntake intake, CaseDecisions decisions,
            RefundCategories categories, Tenants tenants, Clock clock, CaseAssignments assignments,
            CaseNotes notes) {
        this.assignments = assignments;
        this.notes = notes;
        this.categories = categories;
        this.tenants = tenants;
        this.requests = requests;
        this.intake = intake;
        this.decisions = decisions;
        this.clock = clock;
    }

    record IntakeBody(@Schema(requiredMode = REQUIRED) String email, String orderNumber, String transactionId,
            @Schema(requiredMode = REQUIRED) String purchaseDate,
            @Schema(requiredMode = REQUIRED, description = CATEGORY, example = "change_of_mind") String category,
            @Schema(requiredMode = REQUIRED) String reason, UUID taskId, List<String> evidenceKinds,
            Map<String, String> metadata) {
    }

    record RequestView(String object, UUID id, @Nullable UUID accountId, @Nullable UUID orderId, String email,
            @Nullable String orderNumber, @Nullable String transactionId, LocalDate purchaseDate,
            @Schema(description = CATEGORY, example = "change_of_mind") @Nullable String category,
            String reason, @Nullable UUID taskId, @Nullable List<String> evidenceKinds,
            @Schema(implementation = CaseStatus.class) String status, @Nullable String policyId,
            @Nullable String policyVersion, @Schema(implementation = Outcome.class) @Nullable String outcome,
            @Nullable String proposedAmount, @Nullable Map<String, Object> proposal, @Nullable Instant dueAt,
            boolean overdue, Instant receivedAt, @Nullable Instant decidedAt, @Nullable String decidedBy,
            @Nullable Map<String, Object> decision, @Nullable UUID refundId, Map<String, String> metadata,
            @Schema(description = "The request a merged duplicate was joined with (status merged)") @Nullable UUID mergedInto) {
        static RequestView of(RefundRequest r, Instant now) {
            return new RequestView("refund_request", r.id(), r.accountId(), r.orderId(), r.email(), r.orderNumber(),
                    r.transactionId(), r.purchaseDate(), r.category(), r.reason(), r.taskId(), r.evidenceKinds(),
                    r.status().wireName(),
                    r.policyId(), r.policyVersion(), r.outcome(),
                    r.proposedAmount() == null ? null : r.proposedAmount().setScale(2).toPlainString(), r.proposal(),
                    r.dueAt(), r.status() == CaseStatus.IN_REVIEW && r.dueAt() != null && r.dueAt().isBefore(now),
                    r.receivedAt(), r.decidedAt(), r.decidedBy(), r.decision(), r.refundId(), r.metadata(),
                    r.mergedInto());
        }
    }

    @ErrorAnswer(status = 422, when = "No order matches, or the purchase date does not match it")
    @Operation(operationId = "createRefundRequest", summary = "File a refund request",
            description = "A customer asks for money or credits back on an order; the active policy evaluates it.")
    @PostMapping("/v1/refund-requests")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    RequestView submit(Caller caller, @RequestBody IntakeBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String email = Fields.requiredEmail(body.email(), "email", errors);
        String number = Fields.optionalText(body.orderNumber(), "order_number", Fields.MAX_TEXT, errors);
        String transaction = Fields.optionalText(body.transactionId(), "transaction_id", Fields.MAX_TEXT, errors);
        if (number == null && transaction == null) {
            errors.add(new FieldProblem("order_number", "give the order number or the transaction id"));
        }
        LocalDate purchaseDate = null;
        if (body.purchaseDate() == null) {
            errors.add(new FieldProblem("purchase_date", "is required"));
        } else {
            try {
                purchaseDate = LocalDate.parse(body.purchaseDate());
            } catch (DateTimeParseException e) {
                errors.add(new FieldProblem("purchase_date", "must be a date such as 2026-03-02"));
            }
        }
        // the version answering the request checks again at intake (one binding at purchase time may differ)
        List<String> accepted = categories.accepted(tenants.require(caller.tenantId()), clock.instant(), null).stream()
                .map(Policy.Category::id).toList();
        if (body.category() == null || !accepted.contains(body.category())) {
            errors.add(new FieldProblem("category", "must be one of " + String.join(", ", accepted)));
        }
        String reason = Fields.requiredText(body.reason(), "reason", MAX_REASON, errors);
        List<String> evidence = evidenceKinds(body.evidenceKinds(), errors);
        SortedMap<String, String> metadata = Metadata.created(body.metadata(), errors);
        Fields.throwIfAny(errors);
        return RequestView.of(intake.submit(caller.tenantId(), new RefundIntake.Intake(email, number, transaction,
                purchaseDate, body.category(), reason, body.taskId(), evidence, metadata), caller.actor()),
                clock.instant());
    }

    record RemedyBody(
            @Schema(requiredMode = REQUIRED, allowableValues = {"refund", "refund_duplicate_charge", "restore_credits",
                "replacement_credits", "compensation_credits", "deliver_order", "access_correction",
                "end_subscription", "other", "account_credit", "convert_plan", "pause_subscription",
                "reinstate_subscription", "refer_to_bank"}) String type,
            String amount, Long credits, String note,
            @Schema(description = "replacement_credits, compensation_credits: days until the credits expire"
                    + " (none: never)") Integer expiresInDays,
            @Schema(description = "convert_plan: the plan id to convert to") String to,
            @Schema(description = "pause_subscription: months, 1-12") Integer months,
            @Schema(description = "end_subscription: now, or period_end (default)",
                    allowableValues = {"now", "period_end"}) String at,
            @Schema(description = "refer_to_bank: refer_to_bank (default) or refer_to_bank_<name>") String template) {
    }

    record DecisionBody(@Schema(allowableValues = {"approve", "reject"}, requiredMode = REQUIRED) String decision,
            List<RemedyBody> remedies, Integer option, String note) {
    }

    /**
     * A support agent decides a case: approve with remedies (when none are given, the proposal's
     * {@code option}, 1-based, or its first that applies as proposed) or reject.
     */
    @ErrorAnswer(status = 422, when = "The remedies or note do not fit the decision")
    @Operation(operationId = "decideRefundRequest", summary = "Decide a refund request",
            description = "Approve (with remedies) or reject a request in review.")
    @PostMapping("/v1/refund-requests/{id}/decision")
    @Allow({Role.SUPPORT, Role.ADMIN})
    RequestView decide(Caller caller, @PathVariable String id, @RequestBody DecisionBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        if (!"approve".equals(body.decision()) && !"reject".equals(body.decision())) {
            errors.add(new FieldProblem("decision", "must be approve or reject"));
        }
        String note = Fields.optionalText(body.note(), "note", MAX_REASON, errors);
        if ("reject".equals(body.decision()) && (note == null || note.isBlank())) {
            errors.add(new FieldProblem("note", "a rejection gives its reason"));
        }
        List<Remedy> remedies = new ArrayList<>();
        List<RemedyBody> given = body.remedies() == null ? List.of() : body.remedies();
        if (given.size() > MAX_REMEDIES) {
            errors.add(new FieldProblem("remedies", "at most " + MAX_REMEDIES + " remedies"));
            given = List.of();
        }
        for (int i = 0; i < given.size(); i++) {
            RemedyBody r = given.get(i);
            String field = "remedies[" + i + "]";
            if (r == null) {
                errors.add(new FieldProblem(field, "must be a remedy such as {\"type\": \"refund\", \"amount\": \"22.43\"}"));
                continue;
            }
            BigDecimal amount = null;
            if (r.amount() != null) {
                try {
                    amount = new BigDecimal(r.amount());
                    if (amount.signum() <= 0 || amount.scale() > 2) {
                        errors.add(new FieldProblem(field + ".amount", "must be a positive amount such as \"22.43\""));
                        continue;
                    }
                } catch (NumberFormatException e) {
                    errors.add(new FieldProblem(field + ".amount", "must be a decimal string such as \"22.43\""));
                    continue;
                }
            }
            String remedyNote = Fields.optionalText(r.note(), field + ".note", MAX_REASON, errors);
            try {
                remedies.add(Remedy.of(r.type(), amount, r.credits(), remedyNote, new Remedy.Parameters(
                        r.expiresInDays(), r.to(), r.months(), r.at(), r.template())));
            } catch (Remedy.InvalidRemedy e) {
                errors.add(new FieldProblem(field + "." + e.field(), e.getMessage()));
            }
        }
        Fields.throwIfAny(errors);
        return RequestView.of(decisions.decide(caller.tenantId(), Ids.parseOrNotFound("refund request", id),
                "approve".equals(body.decision()), remedies, body.option(), note, caller.actor()), clock.instant());
    }

    record ChoiceBody(@Schema(requiredMode = REQUIRED, description = "1-based, as the proposal's options") Integer option) {
    }

    /** The customer picks one of the options the policy lets them choose among; it is applied at once. */
    @ErrorAnswer(status = 409, when = "The case is not waiting for the customer's choice")
    @Operation(operationId = "chooseRefundRequestOption", summary = "Choose a refund request's remedy",
            description = "For a case awaiting_choice: applies the proposal's option (1-based) and approves the case.")
    @PostMapping("/v1/refund-requests/{id}/choose")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    RequestView choose(Caller caller, @PathVariable String id, @RequestBody ChoiceBody body) {
        if (body.option() == null) {
            Fields.throwIfAny(List.of(new FieldProblem("option", "is required: the 1-based number of an option")));
        }
        return RequestView.of(decisions.choose(caller.tenantId(), Ids.parseOrNotFound("refund request", id),
                body.option(), caller.actor()), clock.instant());
    }

    record CategoryView(String object, String id, String title, boolean builtIn) {
    }

    /** The reason categories a request may name now: the built-in ones and those of the tenant's policy in force. */
    @Operation(operationId = "listRefundCategories", summary = "List the refund categories accepted",
            description = "Built-in categories first, then those the tenant's policy in force declares; for forms.")
    @GetMapping("/v1/refund-categories")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<CategoryView> categories(Caller caller) {
        Instant now = clock.instant();
        return new ListPage<>(categories.accepted(tenants.require(caller.tenantId()), now, now).stream()
                .map(c -> new CategoryView("refund_category", c.id(), c.title(),
                        RefundCategory.wireNames().contains(c.id()))).toList(), false, null);
    }

    /** A person asks the policy again, with what is known now; the proposal's history keeps the earlier ones. */
    @Operation(operationId = "evaluateRefundRequest", summary = "Evaluate a refund request again")
    @PostMapping("/v1/refund-requests/{id}/evaluate")
    @Allow({Role.SUPPORT, Role.ADMIN})
    RequestView evaluate(Caller caller, @PathVariable String id) {
        return RequestView.of(decisions.reevaluate(caller.tenantId(), Ids.parseOrNotFound("refund request", id),
                "asked again", caller.actor()), clock.instant());
    }

    record ProposalView(String object, @Nullable String policyId, @Nullable String policyVersion,
            @Schema(implementation = Outcome.class) String outcome, @Nullable String amount,
            @Nullable Map<String, Object> proposal, @Nullable String trigger, @Nullable String evaluatedBy,
            Instant evaluatedAt,
            @Schema(description = "The facts the policy read, as a facts file writes them: POST them to "
                    + "/v1/policies/{id}/explain (or `policy explain --facts`) to replay the decision")
            @Nullable Map<String, Object> facts) {
    }

    record EventView(String object, @Schema(implementation = CaseStatus.class) @Nullable String from,
            @Schema(implementation = CaseStatus.class) String to, @Nullable String actor, @Nullable String reason,
            Instant at) {
    }

    /** Every proposal the case had, oldest first. */
    @Operation(operationId = "listRefundRequestProposals", summary = "List a refund request's proposals")
    @GetMapping("/v1/refund-requests/{id}/proposals")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<ProposalView> proposals(Caller caller, @PathVariable String id) {
        return new ListPage<>(decisions.proposals(caller.tenantId(), Ids.parseOrNotFound("refund request", id))
                .stream().map(p -> new ProposalView("refund_request_proposal", p.policyId(), p.policyVersion(),
                        p.outcome(), p.amount() == null ? null : p.amount().setScale(2).toPlainString(), p.proposal(),
                        p.trigger(), p.evaluatedBy(), p.evaluatedAt(), p.facts())).toList(), false, null);
    }

    /** Every move of the case, oldest first: who, when, from, to, why. */
    @Operation(operationId = "listRefundRequestHistory", summary = "List a refund request's history")
    @GetMapping("/v1/refund-requests/{id}/history")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<EventView> history(Caller caller, @PathVariable String id) {
        return new ListPage<>(decisions.history(caller.tenantId(), Ids.parseOrNotFound("refund request", id))
                .stream().map(e -> new EventView("refund_request_event", e.from() == null ? null : e.from().wireName(),
                        e.to().wireName(), e.actor(), e.reason(), e.at())).toList(), false, null);
    }

    record InformationBody(@Schema(requiredMode = REQUIRED) String information, List<String> evidenceKinds,
            @Schema(description = "The task the request is about, when the answer names it (a task of the"
                    + " customer's account)") @Nullable String taskId) {
    }

    /** The customer answers a request for information; the case is evaluated again. */
    @Operation(operationId = "provideRefundRequestInformation",
            summary = "Provide the information a refund request awaits")
    @PostMapping("/v1/refund-requests/{id}/information")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    RequestView information(Caller caller, @PathVariable String id, @RequestBody InformationBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String information = Fields.requiredText(body.information(), "information", MAX_REASON, errors);
        List<String> evidence = evidenceKinds(body.evidenceKinds(), errors);
        UUID taskId = null;
        if (body.taskId() != null && !body.taskId().isBlank()) {
            try {
                taskId = UUID.fromString(body.taskId().strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("task_id", "is not a task id"));
            }
        }
        Fields.throwIfAny(errors);
        return RequestView.of(decisions.answer(caller.tenantId(), Ids.parseOrNotFound("refund request", id),
                information, evidence, taskId, caller.actor()), clock.instant());
    }

    record AssignmentBody(@Schema(description = "Who works the case: person:<id> or api_key:<id> of the tenant;"
            + " absent or empty to leave it to nobody", example = "person:0190a0c2-…") @Nullable String assignee) {
    }

    record AssignmentView(String object, String refundRequestId, @Nullable String assignee) {
    }

    /** Support gives an open case to one of the tenant's people or keys, or to nobody. */
    @Operation(operationId = "assignRefundRequest", summary = "Assign a refund request",
            description = "Gives an open case to a person (person:<id>) or key (api_key:<id>) of the tenant,"
                    + " or to nobody (assignee absent or empty).")
    @PostMapping("/v1/refund-requests/{id}/assignment")
    @Allow({Role.SUPPORT, Role.ADMIN})
    AssignmentView assign(Caller caller, @PathVariable String id, @RequestBody AssignmentBody body) {
        UUID caseId = Ids.parseOrNotFound("refund request", id);
        String assignee = body.assignee() == null || body.assignee().isBlank() ? null : body.assignee().strip();
        assignments.assign(caller.tenantId(), caseId, assignee);
        return new AssignmentView("refund_request_assignment", caseId.toString(), assignee);
    }

    record NoteBody(@Schema(requiredMode = REQUIRED, maxLength = CaseNotes.MAX_LENGTH) String body) {
    }

    record NoteView(String object, String id, String refundRequestId, String body, String author,
            Instant createdAt) {
        static NoteView of(CaseNote n) {
            return new NoteView("refund_request_note", n.id().toString(), n.requestId().toString(), n.body(),
                    n.author(), n.createdAt());
        }
    }

    /** An internal note on the case: for the team, never sent to the customer. */
    @Operation(operationId = "addRefundRequestNote", summary = "Add an internal note to a refund request",
            description = "For the support team only: never in an email to the customer nor on their status page.")
    @PostMapping("/v1/refund-requests/{id}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SUPPORT, Role.ADMIN})
    NoteView addNote(Caller caller, @PathVariable String id, @RequestBody NoteBody body) {
        return NoteView.of(notes.add(caller.tenantId(), Ids.parseOrNotFound("refund request", id), body.body(),
                caller.actor()));
    }

    /** The case's internal notes, oldest first. */
    @Operation(operationId = "listRefundRequestNotes", summary = "List a refund request's internal notes")
    @GetMapping("/v1/refund-requests/{id}/notes")
    @Allow({Role.SUPPORT, Role.ADMIN})
    ListPage<NoteView> listNotes(Caller caller, @PathVariable String id) {
        return new ListPage<>(notes.list(caller.tenantId(), Ids.parseOrNotFound("refund request", id)).stream()
                .map(NoteView::of).toList(), false, null);
    }

    record CategoryBody(@Schema(requiredMode = REQUIRED, example = "quality") String category) {
    }

    /**
     * Support corrects an open case's reason category (for example one guessed from the customer's
     * email); the case is evaluated again with it.
     */
    @Operation(operationId = "setRefundRequestCategory", summary = "Correct a refund request's category")
    @PostMapping("/v1/refund-requests/{id}/category")
    @Allow({Role.SUPPORT, Role.ADMIN})
    RequestView category(Caller caller, @PathVariable String id, @RequestBody CategoryBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String category = Fields.requiredText(body == null ? null : body.category(), "category", 60, errors);
        Fields.throwIfAny(errors);
        return RequestView.of(decisions.recategorise(caller.tenantId(), Ids.parseOrNotFound("refund request", id),
                category, caller.actor()), clock.instant());
    }

    /** The customer withdraws an open case. */
    @Operation(operationId = "withdrawRefundRequest", summary = "Withdraw a refund request")
    @PostMapping("/v1/refund-requests/{id}/withdraw")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    RequestView withdraw(Caller caller, @PathVariable String id) {
        return RequestView.of(decisions.withdraw(caller.tenantId(), Ids.parseOrNotFound("refund request", id),
                caller.actor()), clock.instant());
    }

    record MergeBody(@Schema(requiredMode = REQUIRED, description = "The request of the same account and order that"
            + " answers this one") String into, @Schema(description = "Why they are merged (the histories keep it)") String reason) {
    }

    /** Merges a duplicate into another open request about the same order; the duplicate ends merged. */
    @ErrorAnswer(status = 409, when = "Either request is already decided, withdrawn or merged")
    @ErrorAnswer(status = 422, when = "The other request is of another account or order")
    @Operation(operationId = "mergeRefundRequest", summary = "Merge a duplicate refund request into another",
            description = "The request ends merged (merged_into names the other); both histories record the merge,"
                    + " and the customer is told once, on this request's thread, that the other answers it.")
    @PostMapping("/v1/refund-requests/{id}/merge")
    @Allow({Role.SUPPORT, Role.ADMIN})
    RequestView merge(Caller caller, @PathVariable String id, @RequestBody MergeBody body) {
        UUID duplicate = Ids.parseOrNotFound("refund request", id);
        List<FieldProblem> errors = new ArrayList<>();
        String reason = Fields.optionalText(body.reason(), "reason", Fields.MAX_TEXT, errors);
        UUID into = null;
        if (body.into() == null || body.into().isBlank()) {
            errors.add(new FieldProblem("into", "is required"));
        } else {
            try {
                into = UUID.fromString(body.into().strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("into", "must be the id of a refund request"));
            }
        }
        Fields.throwIfAny(errors);
        return RequestView.of(decisions.merge(caller.tenantId(), duplicate, into, caller.actor(), reason),
                clock.instant());
    }

    private static List<String> evidenceKinds(List<String> kinds, List<FieldProblem> errors) {
        List<String> evidence = kinds == null ? List.of() : kinds;
        if (evidence.size() > 20 || evidence.stream().anyMatch(k -> k == null || !k.matches("[a-z_]{1,40}"))) {
            errors.add(new FieldProblem("evidence_kinds", "must be up to 20 names such as police_report, screenshot"));
        }
        return evidence;
    }

    /** Uploads one evidence file as the raw body (Content-Type: image/png, application/pdf …, at most 5 MiB). */
    @Operation(operationId = "uploadRefundRequestEvidence", summary = "Upload evidence to a refund request",
            description = "The request body is the file itself; its Content-Type is the file's.")
    @PostMapping(path = "/v1/refund-requests/{id}/evidence", consumes = "*/*")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    Evidence addEvidence(Caller caller, @PathVariable String id,
            @RequestParam("kind") String kind, @RequestParam(name = "filename", required = false) String filename,
            @org.springframework.web.bind.annotation.RequestHeader(name = "Content-Type", required = false) String type,
            @RequestBody(required = false) byte[] body) {
        List<FieldProblem> errors = new ArrayList<>();
        evidenceKinds(List.of(kind), errors);
        String name = Fields.optionalText(filename, "filename", Fields.MAX_TEXT, errors);
        Fields.throwIfAny(errors);
        return requests.addEvidence(caller.tenantId(), Ids.parseOrNotFound("refund request", id), kind, name, type,
                body == null ? new byte[0] : body);
    }

    @Operation(operationId = "listRefundRequestEvidence", summary = "List a refund request's evidence")
    @GetMapping("/v1/refund-requests/{id}/evidence")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<Evidence> evidence(Caller caller, @PathVariable String id) {
        return new ListPage<>(requests.evidence(caller.tenantId(), Ids.parseOrNotFound("refund request", id)), false,
                null);
    }

    @Operation(operationId = "downloadRefundRequestEvidence", summary = "Download a piece of evidence",
            description = "The file as uploaded, with its Content-Type.",
            responses = @ApiResponse(responseCode = "200", description = "The file", content = @Content(
                    mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"))))
    @GetMapping("/v1/refund-requests/{id}/evidence/{evidenceId}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    org.springframework.http.ResponseEntity<byte[]> evidenceFile(Caller caller, @PathVariable String id,
            @PathVariable String evidenceId) {
        UUID requestId = Ids.parseOrNotFound("refund request", id);
        UUID fileId = Ids.parseOrNotFound("evidence", evidenceId);
        Evidence meta = requests.evidence(caller.tenantId(), requestId).stream()
                .filter(e -> e.id().equals(fileId)).findFirst()
                .orElseThrow(() -> dev.creditdesk.shared.ApiProblem.notFound("evidence", fileId));
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType(meta.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, EvidenceDownload.attachment(meta))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .cacheControl(CacheControl.noStore())
                .body(requests.evidenceData(caller.tenantId(), requestId, fileId));
    }

    @Operation(operationId = "getRefundRequest", summary = "Retrieve a refund request")
    @GetMapping("/v1/refund-requests/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    RequestView get(Caller caller, @PathVariable String id) {
        return RequestView.of(requests.require(caller.tenantId(), Ids.parseOrNotFound("refund request", id)),
                clock.instant());
    }

    /** Newest first; every filter combines with the others and with the cursor. */
    @Operation(operationId = "listRefundRequests", summary = "List refund requests",
            description = "Newest first, by cursor; filter by status, account or due date.")
    @GetMapping("/v1/refund-requests")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<RequestView> list(Caller caller, @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "account_id", required = false) UUID accountId,
            @RequestParam(name = "due_before", required = false) Instant dueBefore,
            @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        CaseStatus wanted = CaseStatus.fromWire(status);
        if (status != null && wanted == null) {
            Fields.throwIfAny(List.of(new FieldProblem("status", "must be one of " + String.join(", ",
                    Arrays.stream(CaseStatus.values()).map(CaseStatus::wireName).toList()))));
        }
        Instant now = clock.instant();
        ListPage<RefundRequest> page = requests.list(caller.tenantId(), wanted, accountId, dueBefore, startingAfter,
                ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(r -> RequestView.of(r, now)).toList(), page.hasMore(),
                page.nextCursor());
    }
}
