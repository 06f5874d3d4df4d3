package dev.creditdesk.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.creditdesk.intake.InboundMail.Outcome;
import dev.creditdesk.intake.InboundMail.Receipt;
import dev.creditdesk.intake.IntakeRules;
import dev.creditdesk.intake.MailParser;
import dev.creditdesk.intake.RawMail;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A message routing fails on is neither lost nor read again and again: it is kept as unmatched
 * mail naming the failure, and its mailbox goes on. The failure is injected (routing has no known
 * input that breaks it); the store, the parser and the transactions are the application's own.
 */
class UnroutableMailIT extends IntegrationTest {

    @Autowired InboundStore store;
    @Autowired MailParser parser;
    @Autowired IntakeRules rules;
    @Autowired TransactionTemplate transactions;

    @Test
    void aMessageRoutingFailsOnIsKeptAsUnmatchedMailOnce() {
        TestTenant tenant = newTenant();
        MailRouting failing = mock(MailRouting.class);
        when(failing.route(any(), any(), any())).thenThrow(new IllegalStateException("a bug"));
        StoredInboundMail inbound = new StoredInboundMail(store, parser, rules, failing, clock, transactions);
        byte[] raw = RawMail.from("ada@example.com").id("<" + UUID.randomUUID() + "@example.com>")
                .subject("Refund Request").body("Please refund order A-1001.").bytes();

        Receipt first = inbound.receive(tenant.id(), raw);
        assertThat(first.outcome()).isEqualTo(Outcome.UNMATCHED);
        Api.Response kept = api.get("/v1/inbound-messages/" + first.messageId(), tenant.supportKey());
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.text("status")).isEqualTo("unmatched");
        assertThat(kept.text("why")).contains("could not be processed automatically");

        Receipt again = inbound.receive(tenant.id(), raw);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.messageId()).isEqualTo(first.messageId());
    }
}
