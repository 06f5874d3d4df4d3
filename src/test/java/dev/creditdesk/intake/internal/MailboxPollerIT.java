package dev.creditdesk.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.InboundMail;
import dev.creditdesk.intake.IntakeSettings;
import dev.creditdesk.shared.SecretBox;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The poller against a real IMAP server (GreenMail), called pass by pass: no background threads but IDLE's. */
class MailboxPollerIT extends IntegrationTest {

    @Autowired MailboxPoller poller;
    @Autowired MailboxStore store;
    @Autowired ImapConnector imap;
    @Autowired InboundMail inbound;
    @Autowired SecretBox secrets;
    @Autowired IntakeSettings settings;
    @Autowired JdbcClient jdbc;

    private MailServer.Mailbox mailboxOf(TestTenant tenant) {
        MailServer.Mailbox box = MailServer.newMailbox();
        Api.Response saved = api.put("/v1/mailbox", tenant.adminKey(), Map.of("host", "localhost",
                "port", MailServer.imapPort(), "security", "none", "username", box.login(), "password", box.password()));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        return box;
    }

    private static String message(String id, String subject) {
        return "Message-ID: <" + id + "@customers.example>\r\nFrom: Ada <ada@customers.example>\r\n"
                + "To: support@mail.test\r\nSubject: " + subject + "\r\nDate: Mon, 2 Mar 2026 08:00:00 +0000\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nPlease refund order DEMO-1001.\r\n";
    }

    private long received(TestTenant tenant) {
        return jdbc.sql("select count(*) from inbound_messages where tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single();
    }

    private MailboxPoller otherNode(String node, InboundMail mail, IntakeSettings with) {
        return new MailboxPoller(store, imap, mail, secrets, with, clock, node);
    }

    private void nextPoll() {
        clock.advance(settings.maxBackoff().plusSeconds(1));
    }

    @Test
    void eachMessageIsReceivedOnceAndTheFolderIsLeftAsItWas() throws Exception {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = mailboxOf(tenant);
        String tag = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            box.deliver(message(tag + "-" + i, "Refund Request " + i));
        }
        Jobs.drain(poller::pass);
        assertThat(received(tenant)).isEqualTo(3);

        nextPoll();
        Jobs.drain(poller::pass);
        assertThat(received(tenant)).as("the same messages, read again, are not received twice").isEqualTo(3);
        MailboxStore.Row row = store.find(tenant.id()).orElseThrow();
        assertThat(row.lastUid()).isEqualTo(3);
        assertThat(row.uidValidity()).isNotNull();

        box.deliver(message(tag + "-3", "Refund Request 3"));
        nextPoll();
        Jobs.drain(poller::pass);
        assertThat(received(tenant)).isEqualTo(4);

        Api.Response state = api.get("/v1/mailbox", tenant.adminKey());
        assertThat(state.text("last_polled_at")).isNotNull();
        assertThat(state.text("last_error")).isNull();
        assertThat(MailServer.server().getReceivedMessagesForDomain(box.address()))
                .as("read-only: nothing marked seen or moved").allSatisfy(m ->
                        assertThat(m.getFlags().contains(jakarta.mail.Flags.Flag.SEEN)).isFalse());
    }

    @Test
    void aMailboxClaimedByOneNodeIsNotReadByAnother() {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = mailboxOf(tenant);
        box.deliver(message(UUID.randomUUID().toString(), "Refund Request"));
        MailboxPoller nodeA = otherNode("node-a", inbound, settings);
        MailboxPoller nodeB = otherNode("node-b", inbound, settings);
        List<MailboxStore.Row> claimedByA = nodeA.claim();
        try {
            assertThat(claimedByA).extracting(MailboxStore.Row::tenantId).contains(tenant.id());
            assertThat(nodeB.claim()).extracting(MailboxStore.Row::tenantId).doesNotContain(tenant.id());
            Jobs.drain(nodeB::pass);
            assertThat(received(tenant)).as("node B reads nothing while node A holds the lease").isZero();
        } finally {
            claimedByA.forEach(row -> nodeA.release(row.tenantId()));
        }
        Jobs.drain(nodeB::pass);
        assertThat(received(tenant)).isEqualTo(1);
    }

    @Test
    void aLeaseThatRanOutLetsAnotherNodeTakeOver() {
        TestTenant tenant = newTenant();
        mailboxOf(tenant).deliver(message(UUID.randomUUID().toString(), "Refund Request"));
        MailboxPoller dead = otherNode("node-dead", inbound, settings);
        List<MailboxStore.Row> claimed = dead.claim();
        assertThat(claimed).extracting(MailboxStore.Row::tenantId).contains(tenant.id());
        clock.advance(settings.lease().plusSeconds(1));
        Jobs.drain(poller::pass);
        assertThat(received(tenant)).isEqualTo(1);
        claimed.forEach(row -> dead.release(row.tenantId()));
    }

    @Test
    void aCrashAfterTheReceiptCommittedReadsTheMessageAgainAsADuplicate() {
        TestTenant tenant = newTenant();
        mailboxOf(tenant).deliver(message(UUID.randomUUID().toString(), "Refund Request"));
        InboundMail crashesAfterCommit = (tenantId, raw) -> {
            InboundMail.Receipt receipt = inbound.receive(tenantId, raw);
            if (tenantId.equals(tenant.id())) {
                throw new IllegalStateException("the node died before marking the message processed");
            }
            return receipt;
        };
        Jobs.drain(otherNode("node-crashing", crashesAfterCommit, settings)::pass);
        assertThat(received(tenant)).isEqualTo(1);
        assertThat(store.find(tenant.id()).orElseThrow().lastUid()).as("not marked").isZero();
        assertThat(api.get("/v1/mailbox", tenant.adminKey()).text("last_error")).contains("Message UID 1");

        List<InboundMail.Outcome> outcomes = new CopyOnWriteArrayList<>();
        InboundMail recording = (tenantId, raw) -> {
            InboundMail.Receipt receipt = inbound.receive(tenantId, raw);
            if (tenantId.equals(tenant.id())) {
                outcomes.add(receipt.outcome());
            }
            return receipt;
        };
        nextPoll();
        Jobs.drain(otherNode("node-restarted", recording, settings)::pass);
        assertThat(outcomes).containsExactly(InboundMail.Outcome.DUPLICATE);
        assertThat(received(tenant)).isEqualTo(1);
        assertThat(store.find(tenant.id()).orElseThrow().lastUid()).isEqualTo(1);
        assertThat(api.get("/v1/mailbox", tenant.adminKey()).text("last_error")).isNull();
    }

    @Test
    void aFailingMailboxRecordsWhyBacksOffAndDoesNotStopTheOthers() {
        TestTenant failing = newTenant();
        MailServer.Mailbox failingBox = MailServer.newMailbox();
        api.put("/v1/mailbox", failing.adminKey(), Map.of("host", "localhost", "port", MailServer.imapPort(),
                "security", "none", "username", failingBox.login(), "password", "wrong-password-123"));
        TestTenant working = newTenant();
        mailboxOf(working).deliver(message(UUID.randomUUID().toString(), "Refund Request"));

        Jobs.drain(poller::pass);
        assertThat(received(working)).isEqualTo(1);
        Api.Response state = api.get("/v1/mailbox", failing.adminKey());
        assertThat(state.text("last_error")).startsWith("The server refused the user name or password")
                .doesNotContain("wrong-password-123");
        assertThat(state.text("last_polled_at")).isNotNull();

        MailboxStore.Row row = store.find(failing.id()).orElseThrow();
        assertThat(row.mailbox().failures()).isEqualTo(1);
        Instant firstRetry = jdbc.sql("select next_poll_at from mailboxes where tenant_id = :t")
                .param("t", failing.id()).query(java.sql.Timestamp.class).single().toInstant();
        assertThat(firstRetry).isEqualTo(clock.instant().plus(settings.pollInterval()));
        assertThat(poller.backoff(3)).isEqualTo(settings.pollInterval().multipliedBy(4));
        assertThat(poller.backoff(100)).isEqualTo(settings.maxBackoff());
    }

    @Test
    void withIdleTheNodeWaitsOnTheConnectionAndReceivesNewMailWithoutAnotherPass() throws Exception {
        TestTenant tenant = newTenant();
        MailServer.Mailbox box = mailboxOf(tenant);
        box.deliver(message(UUID.randomUUID().toString(), "Refund Request 1"));
        // GreenMail does not announce at the start of an IDLE mail that came between the watcher's last
        // look and the IDLE command; a real server does. Short waits make that window end in the test.
        IntakeSettings idling = new IntakeSettings(settings.pollInterval(), Duration.ofSeconds(2), true, 16,
                settings.lease(), settings.batchSize(), settings.messagesPerPass(), settings.connectTimeout(),
                settings.maxBackoff(), settings.initialLookback(), true, "", settings.maxRepliesPerSenderPerHour());
        MailboxPoller watching = otherNode("node-idle", inbound, idling);
        try {
            Jobs.drain(watching::pass);
            assertThat(received(tenant)).isEqualTo(1);
            assertThat(watching.watches(tenant.id())).as("GreenMail announces IDLE").isTrue();

            box.deliver(message(UUID.randomUUID().toString(), "Refund Request 2"));
            // no pass runs: only the watching connection can see it
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received(tenant) < 2 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            assertThat(received(tenant)).isEqualTo(2);
        } finally {
            watching.stop();
        }
    }
}
