package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.InboundMessage;
import dev.creditdesk.intake.InboundStatus;
import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.MailParser;
import dev.creditdesk.intake.ParsedMail;
import dev.creditdesk.intake.internal.MailRouting.Routed;
import dev.creditdesk.refunds.RefundIntake;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.shared.ApiProblem;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What support does with a message that matched nothing: attach it to a case, open a case from it, dismiss it. */
@Component
public class SupportActions {

    private final InboundStore store;
    private final MailRouting routing;
    private final MailParser parser;
    private final IntakeRules rules;
    private final RefundIntake intake;
    private final Clock clock;

    SupportActions(InboundStore store, MailRouting routing, MailParser parser, IntakeRules rules, RefundIntake intake,
            Clock clock) {
        this.store = store;
        this.routing = routing;
        this.parser = parser;
        this.rules = rules;
        this.intake = intake;
        this.clock = clock;
    }

    public InboundMessage attach(UUID tenantId, UUID messageId, RefundRequest request, String actor) {
        InboundMessage message = waiting(tenantId, messageId);
        Routed routed = routing.addToCase(tenantId, mail(tenantId, messageId), request, actor);
        store.settle(tenantId, message.id(), routed.status(), routed.why(), routed.requestId(), null, routed.refused(),
                clock.instant());
        return store.find(tenantId, messageId).orElseThrow();
    }

    /** Opens a case from a message; {@code guessed}: its category was taken from the message, not given by support. */
    public InboundMessage openCase(UUID tenantId, UUID messageId, RefundIntake.Intake request, boolean guessed,
            String actor) {
        waiting(tenantId, messageId);
        ParsedMail mail = mail(tenantId, messageId);
        RefundRequest opened = intake.submit(tenantId, request, actor);
        List<String> refused = routing.startedByMail(tenantId, opened, mail, mail.subject(), mail.attachments(), actor);
        if (guessed) {
            store.markGuessedCategory(tenantId, messageId, request.category());
        }
        store.settle(tenantId, messageId, InboundStatus.CASE_OPENED, MailRouting.refusedWhy(refused), opened.id(), null,
                refused, clock.instant());
        return store.find(tenantId, messageId).orElseThrow();
    }

    public InboundMessage dismiss(UUID tenantId, UUID messageId, String actor) {
        InboundMessage message = waiting(tenantId, messageId);
        store.settle(tenantId, messageId, InboundStatus.DISMISSED, "dismissed by " + actor
                + (message.why() == null ? "" : " (" + message.why() + ")"), null, null, List.of(), clock.instant());
        return store.find(tenantId, messageId).orElseThrow();
    }

    /** The message as the parser reads it now. */
    public ParsedMail mail(UUID tenantId, UUID messageId) {
        byte[] raw = store.raw(tenantId, messageId).orElseThrow(() -> ApiProblem.notFound("inbound message", messageId));
        return parser.parse(raw, rules.forTenant(tenantId));
    }

    private InboundMessage waiting(UUID tenantId, UUID messageId) {
        InboundMessage message = store.lock(tenantId, messageId)
                .orElseThrow(() -> ApiProblem.notFound("inbound message", messageId));
        if (!InboundStatus.fromWire(message.status()).waitsForSupport()) {
            throw ApiProblem.conflict("message-settled", "The message is " + message.status()
                    + "; only unmatched messages can be attached, opened as a case or dismissed");
        }
        return message;
    }
}
