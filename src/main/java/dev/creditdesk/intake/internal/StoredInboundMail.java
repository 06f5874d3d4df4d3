package dev.creditdesk.intake.internal;

import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.intake.InboundMail;
import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.MailParser;
import dev.creditdesk.intake.ParsedMail;
import dev.creditdesk.shared.Ids;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Keeps every message once, by its key; acting on it (cases, replies) comes on top. */
@Service
class StoredInboundMail implements InboundMail {

    private final JdbcClient jdbc;
    private final MailParser parser;
    private final IntakeRules rules;
    private final Clock clock;

    StoredInboundMail(JdbcClient jdbc, MailParser parser, IntakeRules rules, Clock clock) {
        this.jdbc = jdbc;
        this.parser = parser;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Receipt receive(UUID tenantId, byte[] raw) {
        ParsedMail mail = parser.parse(raw, rules.forTenant(tenantId));
        UUID id = Ids.newId(clock);
        int inserted = jdbc.sql("""
                        insert into inbound_messages (tenant_id, id, message_key, message_id, sender, subject, kind,
                                                      raw, status, received_at)
                        values (:t, :id, :key, :mid, :from, :subject, :kind, :raw, 'unmatched', :now)
                        on conflict (tenant_id, message_key) do nothing""")
                .param("t", tenantId).param("id", id).param("key", mail.key()).param("mid", mail.messageId())
                .param("from", mail.from()).param("subject", mail.subject())
                .param("kind", mail.kind().name().toLowerCase(Locale.ROOT)).param("raw", raw)
                .param("now", ts(clock.instant())).update();
        if (inserted == 0) {
            UUID existing = jdbc.sql("select id from inbound_messages where tenant_id = :t and message_key = :key")
                    .param("t", tenantId).param("key", mail.key()).query(UUID.class).single();
            return new Receipt(existing, Outcome.DUPLICATE, null);
        }
        return new Receipt(id, Outcome.UNMATCHED, null);
    }
}
