package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.InboundMail;
import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.MailParser;
import dev.creditdesk.intake.ParsedMail;
import dev.creditdesk.intake.internal.MailRouting.Routed;
import dev.creditdesk.shared.Ids;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Keeps every message once, by its key, and routes it ({@link MailRouting}) in the same transaction. */
@Service
class StoredInboundMail implements InboundMail {

    private final InboundStore store;
    private final MailParser parser;
    private final IntakeRules rules;
    private final MailRouting routing;
    private final Clock clock;

    StoredInboundMail(InboundStore store, MailParser parser, IntakeRules rules, MailRouting routing, Clock clock) {
        this.store = store;
        this.parser = parser;
        this.rules = rules;
        this.routing = routing;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Receipt receive(UUID tenantId, byte[] raw) {
        return route(tenantId, raw, parser.parse(raw, rules.forTenant(tenantId)));
    }

    /** Receives a message as the parser read it (tests give fields the parser may not read yet). */
    @Transactional
    Receipt route(UUID tenantId, byte[] raw, ParsedMail mail) {
        UUID id = Ids.newId(clock);
        if (!store.insert(tenantId, id, mail, raw, clock.instant())) {
            return new Receipt(store.idOfKey(tenantId, mail.key()), Outcome.DUPLICATE, null);
        }
        Routed routed = routing.route(tenantId, id, mail);
        store.settle(tenantId, id, routed.status(), routed.why(), routed.requestId(), routed.draftId(),
                routed.refused(), clock.instant());
        return new Receipt(id, routed.outcome(), routed.requestId());
    }
}
