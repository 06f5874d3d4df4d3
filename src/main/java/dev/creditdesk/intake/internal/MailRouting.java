package dev.creditdesk.intake.internal;

import dev.creditdesk.accounts.Accounts;
import dev.creditdesk.intake.InboundMail.Outcome;
import dev.creditdesk.intake.InboundStatus;
import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.IntakeSettings;
import dev.creditdesk.intake.MailParser;
import dev.creditdesk.intake.ParseRules;
import dev.creditdesk.intake.ParsedMail;
import dev.creditdesk.intake.internal.IntakeDrafts.Draft;
import dev.creditdesk.intake.internal.IntakeDrafts.Fields;
import dev.creditdesk.notifications.Email;
import dev.creditdesk.notifications.EmailThread;
import dev.creditdesk.notifications.Notifications;
import dev.creditdesk.refunds.CaseDecisions;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.refunds.RefundIntake.Intake;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to one message, in the transaction that records it: a reply in a case's thread joins
 * the case (answering its information request, or as evidence and words for support); a refund
 * request opens a case through {@link RefundIntake}, which checks it as it checks every channel; one
 * lacking facts gets one reply asking for exactly them and waits in a draft that the customer's
 * answer completes; the rest waits for support, with why.
 */
@Component
public class MailRouting {

    /** Who intake is in a case's history. */
    static final String ACTOR = "email";

    /** What became of a message. */
    record Routed(InboundStatus status, Outcome outcome, @Nullable String why, @Nullable UUID requestId,
            @Nullable UUID draftId, List<String> refused) {

        static Routed unmatched(String why) {
            return new Routed(InboundStatus.UNMATCHED, Outcome.UNMATCHED, why, null, null, List.of());
        }
    }

    /** What trying to open a case from what the customer said gave. */
    private sealed interface Attempt {
    }

    private record Opened(RefundRequest request, String category) implements Attempt {
    }

    /** Facts missing or wrong, each a line of the reply that asks for them ("the date of the purchase …"). */
    private record Lacking(List<String> asks) implements Attempt {
    }

    /** Something support must look at (intake refused the request for a reason the customer cannot fix by mail). */
    private record Refused(String why) implements Attempt {
    }

    private final InboundStore store;
    private final IntakeDrafts drafts;
    private final Notifications notifications;
    private final RefundIntake intake;
    private final RefundRequests requests;
    private final CaseDecisions decisions;
    private final Accounts accounts;
    private final MailParser parser;
    private final IntakeRules rules;
    private final IntakeSettings settings;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    MailRouting(InboundStore store, IntakeDrafts drafts, Notifications notifications, RefundIntake intake,
            RefundRequests requests, CaseDecisions decisions, Accounts accounts, MailParser parser, IntakeRules rules,
            IntakeSettings settings, PlatformTransactionManager transactions, Clock clock) {
        this.store = store;
        this.drafts = drafts;
        this.notifications = notifications;
        this.intake = intake;
        this.requests = requests;
        this.decisions = decisions;
        this.accounts = accounts;
        this.parser = parser;
        this.rules = rules;
        this.settings = settings;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    Routed route(UUID tenantId, UUID inboundId, ParsedMail mail) {
        switch (mail.kind()) {
            case AUTOMATED -> {
                return Routed.unmatched("an automated message (auto-reply, bounce, mailing list): never answered");
            }
            case SPAM -> {
                return Routed.unmatched("looks like spam: never answered");
            }
            default -> {
            }
        }
        if (mail.from() == null) {
            return Routed.unmatched("the message has no sender address");
        }
        for (String earlier : threadIds(mail)) {
            Optional<UUID> thread = notifications.caseOfMessage(tenantId, earlier)
                    .or(() -> store.caseOfMessage(tenantId, earlier));
            if (thread.isPresent()) {
                return reply(tenantId, mail, requests.require(tenantId, thread.get()));
            }
            Optional<Draft> draft = drafts.byAsked(tenantId, earlier)
                    .or(() -> store.draftOfMessage(tenantId, earlier).flatMap(id -> drafts.lock(tenantId, id)));
            if (draft.isPresent()) {
                return answerDraft(tenantId, inboundId, mail, draft.get());
            }
        }
        Optional<RefundRequest> named = caseOfToken(tenantId, mail.caseToken());
        if (named.isPresent()) {
            return reply(tenantId, mail, named.get());
        }
        if (mail.kind() == ParsedMail.Kind.REFUND_REQUEST) {
            return newRequest(tenantId, inboundId, mail);
        }
        return Routed.unmatched("not a refund request, and not in the thread of a case");
    }

    /** A message in a case's thread, from the case's customer, joins the case. */
    private Routed reply(UUID tenantId, ParsedMail mail, RefundRequest request) {
        if (!customerOf(tenantId, request, mail.from())) {
            return Routed.unmatched("in the thread of case " + request.id() + ", but " + mail.from()
                    + " is neither the case's email nor its account's");
        }
        return addToCase(tenantId, mail, request, ACTOR);
    }

    /**
     * Adds a message to a case: its files as evidence, its words as the answer when the case awaits
     * information (evaluated again), else evaluates an open case again.
     */
    Routed addToCase(UUID tenantId, ParsedMail mail, RefundRequest request, String actor) {
        List<String> refused = new ArrayList<>();
        List<String> kinds = keepFiles(tenantId, request.id(), mail.attachments(), refused);
        if (request.status() == CaseStatus.AWAITING_INFORMATION) {
            decisions.answer(tenantId, request.id(), words(mail), kinds, actor);
        } else if (request.open()) {
            decisions.reevaluate(tenantId, request.id(), "the customer's email"
                    + (kinds.isEmpty() ? "" : " with evidence (" + String.join(", ", kinds) + ")"), actor);
        }
        return new Routed(InboundStatus.ADDED_TO_CASE, Outcome.ADDED_TO_CASE, refusedWhy(refused), request.id(), null,
                refused);
    }

    private Routed newRequest(UUID tenantId, UUID inboundId, ParsedMail mail) {
        Fields fields = fields(mail);
        Attempt attempt = open(tenantId, mail.from(), fields);
        if (attempt instanceof Opened opened) {
            return opened(tenantId, inboundId, mail, opened, fields, mail.attachments(), null);
        }
        if (attempt instanceof Refused refused) {
            return Routed.unmatched(refused.why());
        }
        List<String> asks = ((Lacking) attempt).asks();
        String lacking = "lacks " + String.join("; ", asks);
        if (!mail.answerable()) {
            return Routed.unmatched("a refund request that " + lacking + "; not answered (automated or spam)");
        }
        Instant now = clock.instant();
        long recent = drafts.askedSince(tenantId, mail.from(), now.minus(Duration.ofHours(1)));
        if (recent >= settings.maxRepliesPerSenderPerHour()) {
            return Routed.unmatched("a refund request that " + lacking + "; not answered: " + recent
                    + " replies went to " + mail.from() + " in the last hour");
        }
        Email asked = notifications.queue(tenantId, "details_needed", mail.from(),
                Map.of("missing", "- " + String.join("\n- ", asks)), null, thread(mail, mail.subject()));
        UUID draftId = Ids.newId(clock);
        drafts.insert(tenantId, draftId, mail.from(), fields, asked.messageId(), now);
        return new Routed(InboundStatus.DETAILS_REQUESTED, Outcome.DETAILS_REQUESTED, "asked for: "
                + String.join("; ", asks), null, draftId, List.of());
    }

    /** The customer's answer to the one reply that asked for details: merged with what was known, tried once more. */
    private Routed answerDraft(UUID tenantId, UUID inboundId, ParsedMail mail, Draft draft) {
        if (draft.status() == IntakeDrafts.Status.OPENED && draft.refundRequestId() != null) {
            return reply(tenantId, mail, requests.require(tenantId, draft.refundRequestId()));
        }
        if (draft.status() != IntakeDrafts.Status.WAITING) {
            return Routed.unmatched("an answer about a request that already waits for support");
        }
        if (!draft.sender().equalsIgnoreCase(mail.from())) {
            return Routed.unmatched("in the thread of a request by " + draft.sender() + ", but from " + mail.from());
        }
        Fields merged = merge(draft.fields(), mail);
        Attempt attempt = open(tenantId, draft.sender(), merged);
        Instant now = clock.instant();
        if (attempt instanceof Opened opened) {
            List<ParsedMail.Attachment> files = new ArrayList<>();
            ParseRules tenantRules = rules.forTenant(tenantId);
            for (byte[] raw : store.draftRaws(tenantId, draft.id())) {
                files.addAll(parser.parse(raw, tenantRules).attachments());
            }
            files.addAll(mail.attachments());
            drafts.close(tenantId, draft.id(), IntakeDrafts.Status.OPENED, opened.request().id(), merged, now);
            store.settleDraft(tenantId, draft.id(), InboundStatus.CASE_OPENED, null, opened.request().id(), now);
            return opened(tenantId, inboundId, mail, opened, merged, files, draft.id());
        }
        String why = attempt instanceof Refused refused ? refused.why()
                : "still lacks, after one reply asked: " + String.join("; ",
                        ((Lacking) attempt).asks());
        drafts.close(tenantId, draft.id(), IntakeDrafts.Status.UNMATCHED, null, merged, now);
        store.settleDraft(tenantId, draft.id(), InboundStatus.UNMATCHED, why, null, now);
        return new Routed(InboundStatus.UNMATCHED, Outcome.UNMATCHED, why, null, draft.id(), List.of());
    }

    /** A case opened from the customer's messages: it continues their thread and takes their files. */
    private Routed opened(UUID tenantId, UUID inboundId, ParsedMail mail, Opened opened, Fields fields,
            List<ParsedMail.Attachment> files, UUID draftId) {
        RefundRequest request = opened.request();
        store.markGuessedCategory(tenantId, inboundId, opened.category());
        List<String> refused = startedByMail(tenantId, request, mail, fields.subject(), files, ACTOR);
        return new Routed(InboundStatus.CASE_OPENED, Outcome.CASE_OPENED, refusedWhy(refused), request.id(), draftId,
                refused);
    }

    /**
     * Opens a case through {@link RefundIntake} (the authority on whether the email speaks for the
     * order and the date is right): with each address the message names as the account's, then the
     * sender's; with the guessed category, then "other". Each try runs under a savepoint, so a
     * refused one leaves nothing behind.
     */
    private Attempt open(UUID tenantId, String sender, Fields fields) {
        List<String> asks = new ArrayList<>();
        if (fields.orderNumber() == null && fields.transactionId() == null) {
            asks.add("your order number or the payment's transaction id (for example A-1001)");
        }
        if (fields.purchaseDate() == null) {
            asks.add("the date of the purchase (for example 2026-02-04)");
        }
        if (!asks.isEmpty()) {
            return new Lacking(asks);
        }
        LinkedHashSet<String> emails = new LinkedHashSet<>(fields.mentionedEmails());
        emails.add(sender);
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        if (fields.categoryGuess() != null) {
            categories.add(fields.categoryGuess());
        }
        categories.add("other");
        UUID task = taskId(fields.taskId());
        String reason = fields.reason().isBlank() ? fields.subject() : fields.reason();
        ApiProblem last = null;
        for (String email : emails) {
            for (String category : categories) {
                Intake request = new Intake(email.toLowerCase(Locale.ROOT), fields.orderNumber(),
                        fields.orderNumber() == null ? fields.transactionId() : null, fields.purchaseDate(), category,
                        reason, task, List.of());
                try {
                    return new Opened(savepoint.execute(status -> intake.submit(tenantId, request, ACTOR)), category);
                } catch (ApiProblem problem) {
                    last = problem;
                    if (!"category".equals(field(problem))) {
                        break;
                    }
                }
            }
            if (last != null && !"order-not-found".equals(last.type())) {
                break;
            }
        }
        String order = fields.orderNumber() != null ? "order " + fields.orderNumber()
                : "transaction " + fields.transactionId();
        return switch (last == null ? "" : last.type()) {
            case "order-not-found" -> new Lacking(List.of("an order number or transaction id of the account of "
                    + sender + ": we found no " + order + " for it (if your account uses another email address, "
                    + "write that address)"));
            case "purchase-date-mismatch" -> new Lacking(List.of("the purchase date: "
                    + (fields.purchaseDateText() != null ? fields.purchaseDateText() : fields.purchaseDate())
                    + " is not the date of " + order));
            case "not-found" -> new Lacking(List.of("the task id: " + fields.taskId()
                    + " is not a task of your account"));
            default -> new Refused("intake refused the request: " + (last == null ? "no category" : last.getMessage()));
        };
    }

    /** Evaluates a case again with the evidence its opening email brought. */
    private void reevaluate(UUID tenantId, UUID requestId, List<String> kinds, String actor) {
        decisions.reevaluate(tenantId, requestId, "evidence from the customer's email (" + String.join(", ", kinds)
                + ")", actor);
    }

    /** Keeps each file as evidence of the case; a refused one is named in {@code refused}. Answers the kept kinds. */
    private List<String> keepFiles(UUID tenantId, UUID requestId, List<ParsedMail.Attachment> files, List<String> refused) {
        List<String> kinds = new ArrayList<>();
        for (ParsedMail.Attachment file : files) {
            String kind = EmailEvidence.kindOf(file);
            String name = file.filename() == null ? "(unnamed " + file.contentType() + ")" : file.filename();
            RefundRequests.FileOutcome kept = requests.attach(tenantId, requestId, kind, file.filename(),
                    file.contentType(), file.data());
            if (kept.refusal() != null) {
                refused.add(name + ": " + kept.refusal());
            } else if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /**
     * A case just opened from a customer's message: its emails answer the message's thread, and the
     * message's files become evidence (the case evaluated again with them while open); answers the
     * files refused, each "name: why".
     */
    List<String> startedByMail(UUID tenantId, RefundRequest request, ParsedMail mail, String subject,
            List<ParsedMail.Attachment> files, String actor) {
        EmailThread thread = thread(mail, subject);
        if (thread != null) {
            notifications.threadCase(tenantId, request.id(), thread);
        }
        List<String> refused = new ArrayList<>();
        List<String> kinds = keepFiles(tenantId, request.id(), files, refused);
        if (!kinds.isEmpty() && requests.require(tenantId, request.id()).open()) {
            reevaluate(tenantId, request.id(), kinds, actor);
        }
        return refused;
    }

    static String refusedWhy(List<String> refused) {
        return refused.isEmpty() ? null : "not kept as evidence (the message keeps them): " + String.join("; ", refused);
    }

    private boolean customerOf(UUID tenantId, RefundRequest request, String from) {
        return request.email().equalsIgnoreCase(from)
                || accounts.find(tenantId, request.accountId()).map(a -> a.email().equalsIgnoreCase(from)).orElse(false);
    }

    private Optional<RefundRequest> caseOfToken(UUID tenantId, String token) {
        if (token == null) {
            return Optional.empty();
        }
        try {
            return requests.find(tenantId, UUID.fromString(token.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The message ids a message answers, nearest first: In-Reply-To, then References newest first. */
    private static List<String> threadIds(ParsedMail mail) {
        LinkedHashSet<String> ids = new LinkedHashSet<>(mail.inReplyTo());
        List<String> references = new ArrayList<>(mail.references());
        Collections.reverse(references);
        ids.addAll(references);
        return List.copyOf(ids);
    }

    /**
     * The thread answering {@code mail}: In-Reply-To its Message-ID, References its chain and it,
     * "Re: " its subject.
     */
    static EmailThread thread(ParsedMail mail, String subject) {
        if (mail.messageId() == null) {
            return null;
        }
        List<String> chain = new ArrayList<>(mail.references());
        if (chain.isEmpty()) {
            chain.addAll(mail.inReplyTo());
        }
        chain.remove(mail.messageId());
        chain.add(mail.messageId());
        return new EmailThread(mail.messageId(), chain, subject == null ? null : EmailThread.reply(subject));
    }

    private static Fields fields(ParsedMail mail) {
        return new Fields(mail.orderNumber(), mail.transactionId(), mail.purchaseDate(), mail.purchaseDateText(),
                mail.taskId(), mail.reason(), mail.categoryGuess(), mail.mentionedEmails(), mail.subject(),
                threadIdsWith(mail));
    }

    private static List<String> threadIdsWith(ParsedMail mail) {
        List<String> chain = new ArrayList<>(mail.references());
        if (mail.messageId() != null) {
            chain.add(mail.messageId());
        }
        return chain;
    }

    /** What the answer adds to what the first message said: a new value wins (it corrects), a missing one keeps the old. */
    private static Fields merge(Fields known, ParsedMail answer) {
        LinkedHashSet<String> mentioned = new LinkedHashSet<>(answer.mentionedEmails());
        mentioned.addAll(known.mentionedEmails());
        boolean newOrder = answer.orderNumber() != null || answer.transactionId() != null;
        boolean newDate = answer.purchaseDate() != null;
        return new Fields(newOrder ? answer.orderNumber() : known.orderNumber(),
                newOrder ? answer.transactionId() : known.transactionId(),
                newDate ? answer.purchaseDate() : known.purchaseDate(),
                newDate ? answer.purchaseDateText() : known.purchaseDateText(),
                answer.taskId() != null ? answer.taskId() : known.taskId(),
                known.reason().isBlank() ? answer.reason() : known.reason(),
                known.categoryGuess() != null ? known.categoryGuess() : answer.categoryGuess(),
                List.copyOf(mentioned), known.subject(), threadIdsWith(answer));
    }

    private static String words(ParsedMail mail) {
        return mail.reason().isBlank() ? "(the customer's email: " + mail.subject() + ")" : mail.reason();
    }

    private static UUID taskId(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String field(ApiProblem problem) {
        return problem.errors().isEmpty() ? null : problem.errors().get(0).field();
    }
}
