package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.InboundMail;
import dev.creditdesk.intake.InboundStatus;
import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.MailParser;
import dev.creditdesk.intake.ParsedMail;
import dev.creditdesk.intake.internal.MailRouting.Routed;
import dev.creditdesk.shared.Ids;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every message once, by its key, and routes it ({@link MailRouting}) in the same transaction.
 * A message routing fails on (a bug, data it did not expect) is kept all the same, as unmatched mail
 * naming the failure, in a transaction of its own: one bad message must neither be lost nor stop its
 * mailbox, whose poller would otherwise read it again and again. Only when the database itself is
 * unavailable does receiving fail, and the poller tries the message again later.
 */
@Service
class StoredInboundMail implements InboundMail {

    private final InboundStore store;
    private final MailParser parser;
    private final IntakeRules rules;
    private final MailRouting routing;
    private final Clock clock;
    private final TransactionTemplate transactions;

    private static final Logger log = LoggerFactory.getLogger(StoredInboundMail.class);

    StoredInboundMail(InboundStore store, MailParser parser, IntakeRules rules, MailRouting routing, Clock clock,
            TransactionTemplate transactions) {
        this.transactions = transactions;
        this.store = store;
        this.parser = parser;
        this.rules = rules;
        this.routing = routing;
        this.clock = clock;
    }

    @Override
    public Receipt receive(UUID tenantId, byte[] raw) {
        ParsedMail mail = parser.parse(raw, rules.forTenant(tenantId));
        try {
            return transactions.execute(tx -> route(tenantId, raw, mail));
        } catch (TransientDataAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("Message {} of tenant {} could not be routed; kept as unmatched mail", mail.key(), tenantId, e);
            String why = "could not be processed automatically (" + e.getClass().getSimpleName() + "); handle it by hand";
            return transactions.execute(tx -> {
                UUID id = Ids.newId(clock);
                if (!store.insert(tenantId, id, mail, raw, clock.instant())) {
                    return new Receipt(store.idOfKey(tenantId, mail.key()), Outcome.DUPLICATE, null);
                }
                store.settle(tenantId, id, InboundStatus.UNMATCHED, why, null, null, List.of(), clock.instant());
                return new Receipt(id, Outcome.UNMATCHED, null);
            });
        }
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
