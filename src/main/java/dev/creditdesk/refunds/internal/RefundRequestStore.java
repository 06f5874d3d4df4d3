package dev.creditdesk.refunds.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.refunds.CaseEvent;
import dev.creditdesk.refunds.CaseNote;
import dev.creditdesk.refunds.CaseProposal;
import dev.creditdesk.refunds.CaseStatus;
import dev.creditdesk.refunds.QueueFilter;
import dev.creditdesk.refunds.QueuedCase;
import dev.creditdesk.refunds.RefundRequest;
import dev.creditdesk.shared.Metadata;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
public class RefundRequestStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RefundRequestStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(UUID tenantId, RefundRequest r, String createdBy) {
        jdbc.sql("""
                        insert into refund_requests (tenant_id, id, account_id, order_id, email, order_number,
                            transaction_id, purchase_date, category, reason, task_id, evidence_kinds, status, policy_id,
                            policy_version,
                            outcome, proposed_amount, proposal, due_at, received_at, decided_at, created_by, metadata)
                        values (:t, :id, :account, :order, :email, :number, :txn, :date, :category, :reason, :task,
                            cast(:evidence as text[]), :status, :policy, :version, :outcome, :amount, cast(:proposal as jsonb), :due, :received,
                            :decided, :by, cast(:metadata as jsonb))""")
                .param("metadata", Metadata.toJson(json, r.metadata()))
                .param("t", tenantId).param("id", r.id()).param("account", r.accountId()).param("order", r.orderId())
                .param("email", r.email()).param("number", r.orderNumber()).param("txn", r.transactionId())
                .param("date", Date.valueOf(r.purchaseDate())).param("category", r.category())
                .param("reason", r.reason()).param("task", r.taskId())
                .param("evidence", "{" + String.join(",", r.evidenceKinds()) + "}").param("status", r.status().wireName())
                .param("policy", r.policyId()).param("version", r.policyVersion()).param("outcome", r.outcome())
                .param("amount", r.proposedAmount())
                .param("proposal", r.proposal() == null ? null : json.writeValueAsString(r.proposal()))
                .param("due", ts(r.dueAt())).param("received", ts(r.receivedAt())).param("decided", ts(r.decidedAt()))
                .param("by", createdBy)
                .update();
    }

    public Optional<RefundRequest> findByRefund(UUID tenantId, UUID refundId) {
        return jdbc.sql("select * from refund_requests where tenant_id = :t and refund_id = :r")
                .param("t", tenantId).param("r", refundId).query(this::map).optional();
    }

    /** Locks the case, so that two decisions racing each other are taken one after the other. */
    public Optional<RefundRequest> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select * from refund_requests where tenant_id = :t and id = :id for update")
                .param("t", tenantId).param("id", id).query(this::map).optional();
    }

    /**
     * Moves the case from {@code from} to {@code to} and appends the move to its history; the only
     * write of the status column. Returns false when the case was not in {@code from} any more.
     */
    public boolean move(UUID tenantId, UUID id, CaseStatus from, CaseStatus to, String actor, String reason,
            Instant at) {
        int updated = jdbc.sql("update refund_requests set status = :to where tenant_id = :t and id = :id and status = :from")
                .param("to", to.wireName()).param("t", tenantId).param("id", id).param("from", from.wireName())
                .update();
        if (updated == 1) {
            recordMove(tenantId, id, from, to, actor, reason, at);
        }
        return updated == 1;
    }

    /**
     * Ends the open case {@code id} merged into {@code into} and appends the move to its history; false
     * when the case was not in {@code from} any more.
     */
    public boolean merge(UUID tenantId, UUID id, CaseStatus from, UUID into, String actor, String reason, Instant at) {
        int updated = jdbc.sql("""
                        update refund_requests set status = :to, merged_into = :into
                        where tenant_id = :t and id = :id and status = :from""")
                .param("to", CaseStatus.MERGED.wireName()).param("into", into).param("t", tenantId).param("id", id)
                .param("from", from.wireName()).update();
        if (updated == 1) {
            recordMove(tenantId, id, from, CaseStatus.MERGED, actor, reason, at);
        }
        return updated == 1;
    }

    /** The requests merged into {@code id}, oldest first. */
    public List<RefundRequest> mergedInto(UUID tenantId, UUID id) {
        return jdbc.sql("select * from refund_requests where tenant_id = :t and merged_into = :id order by received_at, id")
                .param("t", tenantId).param("id", id).query(this::map).list();
    }

    /** Names the task a case is about (the customer's answer named it). */
    public void taskNamed(UUID tenantId, UUID id, UUID taskId) {
        jdbc.sql("update refund_requests set task_id = :task where tenant_id = :t and id = :id")
                .param("task", taskId).param("t", tenantId).param("id", id).update();
    }

    /** Sets a case's reason category (support's correction). */
    public void recategorised(UUID tenantId, UUID id, String category) {
        jdbc.sql("update refund_requests set category = :c where tenant_id = :t and id = :id")
                .param("c", category).param("t", tenantId).param("id", id).update();
    }

    /** Appends a move to the case's history ({@code from} null: the status it was opened with). */
    public void recordMove(UUID tenantId, UUID id, CaseStatus from, CaseStatus to, String actor, String reason,
            Instant at) {
        jdbc.sql("""
                        insert into refund_request_events (tenant_id, refund_request_id, from_status, to_status, actor,
                                                           reason, at)
                        values (:t, :id, :from, :to, :actor, :reason, :at)""")
                .param("t", tenantId).param("id", id).param("from", from == null ? null : from.wireName())
                .param("to", to.wireName()).param("actor", actor).param("reason", reason).param("at", ts(at))
                .update();
    }

    /** The case's moves, oldest first. */
    public List<CaseEvent> history(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        select from_status, to_status, actor, reason, at from refund_request_events
                        where tenant_id = :t and refund_request_id = :id order by seq""")
                .param("t", tenantId).param("id", id)
                .query((rs, n) -> new CaseEvent(CaseStatus.fromWire(rs.getString("from_status")),
                        CaseStatus.fromWire(rs.getString("to_status")), rs.getString("actor"), rs.getString("reason"),
                        instant(rs, "at")))
                .list();
    }

    /** Appends the case's proposal as it now stands to its history, with the {@code facts} it read (null: none). */
    public void recordProposal(UUID tenantId, RefundRequest r, Map<String, Object> facts, String trigger, String by,
            Instant at) {
        jdbc.sql("""
                        insert into refund_request_proposals (tenant_id, refund_request_id, policy_id, policy_version,
                                                              outcome, amount, proposal, trigger, evaluated_by,
                                                              evaluated_at, facts)
                        values (:t, :id, :policy, :version, :outcome, :amount, cast(:proposal as jsonb), :trigger, :by,
                                :at, cast(:facts as jsonb))""")
                .param("facts", facts == null ? null : json.writeValueAsString(facts))
                .param("t", tenantId).param("id", r.id()).param("policy", r.policyId())
                .param("version", r.policyVersion()).param("outcome", r.outcome()).param("amount", r.proposedAmount())
                .param("proposal", r.proposal() == null ? null : json.writeValueAsString(r.proposal()))
                .param("trigger", trigger).param("by", by).param("at", ts(at))
                .update();
    }

    /** The case's proposals, oldest first. */
    @SuppressWarnings("unchecked")
    public List<CaseProposal> proposals(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        select * from refund_request_proposals where tenant_id = :t and refund_request_id = :id
                        order by seq""")
                .param("t", tenantId).param("id", id)
                .query((rs, n) -> new CaseProposal(rs.getString("policy_id"), rs.getString("policy_version"),
                        rs.getString("outcome"), rs.getBigDecimal("amount"),
                        rs.getString("proposal") == null ? null : json.readValue(rs.getString("proposal"), Map.class),
                        rs.getString("trigger"), rs.getString("evaluated_by"), instant(rs, "evaluated_at"),
                        rs.getString("facts") == null ? null : json.readValue(rs.getString("facts"), Map.class)))
                .list();
    }

    /** Open cases about an order. */
    public List<UUID> openForOrder(UUID tenantId, UUID orderId) {
        return jdbc.sql("""
                        select id from refund_requests where tenant_id = :t and order_id = :order
                          and status in ('in_review', 'awaiting_information', 'awaiting_choice') order by received_at, id""")
                .param("t", tenantId).param("order", orderId).query(UUID.class).list();
    }

    /** Open cases received since {@code since}, oldest first, at most {@code limit}. */
    public List<UUID> openSince(UUID tenantId, Instant since, int limit) {
        return jdbc.sql("""
                        select id from refund_requests where tenant_id = :t and received_at >= :since
                          and status in ('in_review', 'awaiting_information', 'awaiting_choice') order by received_at, id limit :limit""")
                .param("t", tenantId).param("since", ts(since)).param("limit", limit).query(UUID.class).list();
    }

    /** What was decided, by whom and when (the status moves separately, through {@link #move}). */
    public void decided(UUID tenantId, UUID id, String decidedBy, Map<String, Object> decision, UUID refundId,
            Instant at) {
        jdbc.sql("""
                        update refund_requests set decided_by = :by, decision = cast(:decision as jsonb),
                               refund_id = :refund, decided_at = :at
                        where tenant_id = :t and id = :id""")
                .param("by", decidedBy).param("decision", decision == null ? null : json.writeValueAsString(decision))
                .param("refund", refundId).param("at", ts(at)).param("t", tenantId).param("id", id).update();
    }

    /** The case as evaluated again: its evidence, the customer's information, the new proposal and due time. */
    public void reevaluated(UUID tenantId, UUID id, List<String> evidence, String information, String policyId,
            String policyVersion, String outcome, java.math.BigDecimal amount, Map<String, Object> proposal,
            Instant due) {
        jdbc.sql("""
                        update refund_requests set evidence_kinds = cast(:evidence as text[]),
                               information = coalesce(:info, information),
                               policy_id = :policy, policy_version = :version, outcome = :outcome,
                               proposed_amount = :amount, proposal = cast(:proposal as jsonb), due_at = :due
                        where tenant_id = :t and id = :id""")
                .param("evidence", "{" + String.join(",", evidence) + "}").param("info", information)
                .param("policy", policyId).param("version", policyVersion)
                .param("outcome", outcome).param("amount", amount)
                .param("proposal", proposal == null ? null : json.writeValueAsString(proposal)).param("due", ts(due))
                .param("t", tenantId).param("id", id).update();
    }

    /** A case back in review after its refund failed: due again, the failure kept on its decision. */
    public void refundFailed(UUID tenantId, UUID id, String why, Instant due) {
        jdbc.sql("""
                        update refund_requests set due_at = :due,
                               decision = jsonb_set(coalesce(decision, '{}'::jsonb), '{refund_failed}', to_jsonb(cast(:why as text)))
                        where tenant_id = :t and id = :id""")
                .param("due", ts(due)).param("why", why).param("t", tenantId).param("id", id).update();
    }

    /** How many of the account's refund requests were approved before (a policy's lifetime test). */
    public long approvedFor(UUID tenantId, UUID accountId) {
        return jdbc.sql("select count(*) from refund_requests where tenant_id = :t and account_id = :a and status = 'approved'")
                .param("t", tenantId).param("a", accountId).query(Long.class).single();
    }

    public Optional<RefundRequest> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from refund_requests where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", id).query(this::map).optional();
    }

    /**
     * The earliest request the customer made about an order before {@code before}, withdrawn ones
     * included; cases Creditdesk opened itself (created by {@code notBy}) are not the customer's.
     */
    public Optional<RefundRequest> firstForOrder(UUID tenantId, UUID orderId, Instant before, String notBy) {
        return jdbc.sql("""
                        select * from refund_requests where tenant_id = :t and order_id = :order and received_at < :before
                          and created_by <> :notBy
                        order by received_at, id limit 1""")
                .param("t", tenantId).param("order", orderId).param("before", ts(before)).param("notBy", notBy)
                .query(this::map).optional();
    }

    /** Newest first by (received_at, id), after {@code cursor} (from the start when null); filters null for any. */
    public List<RefundRequest> page(UUID tenantId, CaseStatus status, UUID accountId, Instant dueBefore,
            RefundRequest cursor, int limit) {
        return jdbc.sql("""
                        select * from refund_requests where tenant_id = :t
                          and (cast(:status as text) is null or status = :status)
                          and (cast(:account as uuid) is null or account_id = :account)
                          and (cast(:due as timestamptz) is null or due_at < :due)
                          and (cast(:afterId as uuid) is null or (received_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid)))
                        order by received_at desc, id desc limit :limit""")
                .param("t", tenantId).param("status", status == null ? null : status.wireName())
                .param("account", accountId).param("due", ts(dueBefore))
                .param("afterAt", cursor == null ? null : ts(cursor.receivedAt()))
                .param("afterId", cursor == null ? null : cursor.id())
                .param("limit", limit).query(this::map).list();
    }

    /** The queue, also by reason category (any when null), {@code offset} cases in. */
    public List<RefundRequest> list(UUID tenantId, CaseStatus status, String category, Instant dueBefore,
            int offset, int limit) {
        return jdbc.sql("""
                        select * from refund_requests where tenant_id = :t
                          and (cast(:status as text) is null or status = :status)
                          and (cast(:category as text) is null or category = :category)
                          and (cast(:due as timestamptz) is null or due_at < :due)
                        order by due_at nulls last, received_at, id limit :limit offset :offset""")
                .param("t", tenantId).param("status", status == null ? null : status.wireName())
                .param("category", category).param("due", ts(dueBefore))
                .param("limit", limit).param("offset", offset).query(this::map).list();
    }

    /**
     * The queue as {@link QueueFilter} narrows it, soonest due first, {@code offset} cases in: each
     * case with who works it and how many of the tenant's requests name the same order.
     */
    public List<QueuedCase> queue(UUID tenantId, QueueFilter filter, Instant now, int offset, int limit) {
        return jdbc.sql("""
                        select r.*, (select count(*) from refund_requests o
                                     where o.tenant_id = r.tenant_id and o.order_id = r.order_id) as same_order
                        from refund_requests r where r.tenant_id = :t
                          and (cast(:status as text) is null or r.status = :status)
                          and (cast(:category as text) is null or r.category = :category)
                          and (not :unassigned or r.assignee is null)
                          and (cast(:assignee as text) is null or r.assignee = :assignee)
                          and (not :overdue or (r.status = 'in_review' and r.due_at < :now))
                        order by r.due_at nulls last, r.received_at, r.id limit :limit offset :offset""")
                .param("t", tenantId).param("status", filter.status() == null ? null : filter.status().wireName())
                .param("category", filter.category()).param("unassigned", filter.unassigned())
                .param("assignee", filter.assignee()).param("overdue", filter.overdue()).param("now", ts(now))
                .param("limit", limit).param("offset", offset)
                .query((rs, n) -> new QueuedCase(map(rs, n), rs.getString("assignee"), rs.getInt("same_order")))
                .list();
    }

    /** Who works the case (an actor string), if anyone. */
    public Optional<String> assignee(UUID tenantId, UUID id) {
        return jdbc.sql("select assignee from refund_requests where tenant_id = :t and id = :id and assignee is not null")
                .param("t", tenantId).param("id", id).query(String.class).optional();
    }

    /** Gives the case to {@code assignee} (null: to nobody); the caller holds its lock. */
    public void assign(UUID tenantId, UUID id, String assignee) {
        jdbc.sql("update refund_requests set assignee = :a where tenant_id = :t and id = :id")
                .param("a", assignee).param("t", tenantId).param("id", id).update();
    }

    /**
     * Claims the soonest-due unassigned case in review for {@code actor}. Cases another transaction
     * is claiming are skipped, not waited for, so two agents claiming at once get different cases.
     */
    public Optional<UUID> claimNext(UUID tenantId, String actor) {
        return jdbc.sql("""
                        update refund_requests set assignee = :a
                        where tenant_id = :t and assignee is null and id = (
                            select id from refund_requests where tenant_id = :t and status = 'in_review'
                              and assignee is null
                            order by due_at nulls last, received_at, id limit 1 for update skip locked)
                        returning id""")
                .param("a", actor).param("t", tenantId).query(UUID.class).optional();
    }

    /** The tenant's other requests about the same order, oldest first. */
    public List<RefundRequest> sameOrder(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        select o.* from refund_requests r join refund_requests o
                          on o.tenant_id = r.tenant_id and o.order_id = r.order_id and o.id <> r.id
                        where r.tenant_id = :t and r.id = :id order by o.received_at, o.id""")
                .param("t", tenantId).param("id", id).query(this::map).list();
    }

    public void addNote(UUID tenantId, CaseNote note) {
        jdbc.sql("""
                        insert into refund_request_notes (tenant_id, id, refund_request_id, body, author, created_at)
                        values (:t, :id, :case, :body, :author, :at)""")
                .param("t", tenantId).param("id", note.id()).param("case", note.requestId()).param("body", note.body())
                .param("author", note.author()).param("at", ts(note.createdAt())).update();
    }

    /** The case's internal notes, oldest first. */
    public List<CaseNote> notes(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        select id, refund_request_id, body, author, created_at from refund_request_notes
                        where tenant_id = :t and refund_request_id = :id order by created_at, id""")
                .param("t", tenantId).param("id", id)
                .query((rs, n) -> new CaseNote(rs.getObject("id", UUID.class),
                        rs.getObject("refund_request_id", UUID.class), rs.getString("body"), rs.getString("author"),
                        instant(rs, "created_at")))
                .list();
    }

    /** The account's requests, newest first, at most {@code limit}. */
    public List<RefundRequest> forAccount(UUID tenantId, UUID accountId, int limit) {
        return jdbc.sql("select * from refund_requests where tenant_id = :t and account_id = :a "
                        + "order by received_at desc, id desc limit :limit")
                .param("t", tenantId).param("a", accountId).param("limit", limit).query(this::map).list();
    }

    @SuppressWarnings("unchecked")
    private RefundRequest map(ResultSet rs, int row) throws SQLException {
        String proposal = rs.getString("proposal");
        String decision = rs.getString("decision");
        return new RefundRequest(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getObject("order_id", UUID.class), rs.getString("email"), rs.getString("order_number"),
                rs.getString("transaction_id"), rs.getDate("purchase_date").toLocalDate(), rs.getString("category"),
                rs.getString("reason"), rs.getObject("task_id", UUID.class),
                List.of((String[]) rs.getArray("evidence_kinds").getArray()), CaseStatus.fromWire(rs.getString("status")),
                rs.getString("policy_id"), rs.getString("policy_version"), rs.getString("outcome"),
                rs.getBigDecimal("proposed_amount"),
                proposal == null ? null : json.readValue(proposal, Map.class), instant(rs, "due_at"),
                instant(rs, "received_at"), instant(rs, "decided_at"), rs.getString("decided_by"),
                decision == null ? null : json.readValue(decision, Map.class), rs.getObject("refund_id", UUID.class),
                Metadata.fromJson(json, rs.getString("metadata")), rs.getObject("merged_into", UUID.class));
    }
}
