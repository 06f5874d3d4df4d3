package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.InboundMail;
import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.MailParser;
import dev.creditdesk.intake.ParsedMail;
import dev.creditdesk.intake.internal.MailRouting.Routed;
import dev.creditdesk.shared.Ids;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
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
            return transactions.execute(tx -> keep(tenantId, raw, mail, id -> routing.route(tenantId, id, mail)));
        } catch (TransientDataAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("Message {} of tenant {} could not be routed; kept as unmatched mail", mail.key(), tenantId, e);
            Routed unroutable = Routed.unmatched("could not be processed automatically ("
                    + e.getClass().getSimpleName() + "); handle it by hand");
            return transactions.execute(tx -> keep(tenantId, raw, mail, id -> unroutable));
        }
    }

    /** Stores the message once by its key and settles it as {@code route} says; a key seen before is a duplicate. */
    private Receipt keep(UUID tenantId, byte[] raw, ParsedMail mail, Function<UUID, Routed> route) {
        UUID id = Ids.newId(clock);
        if (!store.insert(tenantId, id, mail, raw, clock.instant())) {
            return new Receipt(store.idOfKey(tenantId, mail.key()), Outcome.DUPLICATE, null);
        }
        Routed routed = route.apply(id);
        store.settle(tenantId, id, routed.status(), routed.why(), routed.requestId(), routed.draftId(),
                routed.refused(), clock.instant());
        return new Receipt(id, routed.outcome(), routed.requestId());
    }
}
