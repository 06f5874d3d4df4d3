package dev.creditdesk.portal.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Form submissions waiting for their email to be proven, and their files ({@code portal_pending_*}). */
@Repository
public class PendingRequestStore {

    public enum Status {
        PENDING, OPENED, REFUSED
    }

    public record Pending(UUID tenantId, UUID id, String email, String orderNumber, String transactionId,
            LocalDate purchaseDate, String category, String reason, UUID taskId, String evidenceKind, Status status,
            UUID refundRequestId, String refusal, Instant createdAt, Instant expiresAt) {
    }

    public record File(String filename, String contentType, byte[] data) {
    }

    private final JdbcClient jdbc;

    PendingRequestStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Pending pending, String tokenSha256, List<File> files) {
        jdbc.sql("""
                        insert into portal_pending_requests (tenant_id, id, token_sha256, email, order_number,
                            transaction_id, purchase_date, category, reason, task_id, evidence_kind, status,
                            created_at, expires_at)
                        values (:t, :id, :token, :email, :number, :transaction, :date, :category, :reason, :task,
                                :kind, 'pending', :created, :expires)""")
                .param("t", pending.tenantId()).param("id", pending.id()).param("token", tokenSha256)
                .param("email", pending.email()).param("number", pending.orderNumber())
                .param("transaction", pending.transactionId()).param("date", pending.purchaseDate())
                .param("category", pending.category()).param("reason", pending.reason())
                .param("task", pending.taskId()).param("kind", pending.evidenceKind())
                .param("created", ts(pending.createdAt())).param("expires", ts(pending.expiresAt())).update();
        for (int i = 0; i < files.size(); i++) {
            File file = files.get(i);
            jdbc.sql("""
                            insert into portal_pending_files (tenant_id, pending_id, position, filename, content_type, data)
                            values (:t, :p, :i, :name, :type, :data)""")
                    .param("t", pending.tenantId()).param("p", pending.id()).param("i", i)
                    .param("name", file.filename()).param("type", file.contentType()).param("data", file.data())
                    .update();
        }
    }

    /** The submission a confirmation token names, locked for the caller's transaction. */
    public Optional<Pending> lockByToken(UUID tenantId, String tokenSha256) {
        return jdbc.sql("select * from portal_pending_requests where tenant_id = :t and token_sha256 = :token for update")
                .param("t", tenantId).param("token", tokenSha256).query(PendingRequestStore::map).optional();
    }

    public Optional<Pending> findByToken(UUID tenantId, String tokenSha256) {
        return jdbc.sql("select * from portal_pending_requests where tenant_id = :t and token_sha256 = :token")
                .param("t", tenantId).param("token", tokenSha256).query(PendingRequestStore::map).optional();
    }

    public List<File> files(UUID tenantId, UUID pendingId) {
        return jdbc.sql("""
                        select filename, content_type, data from portal_pending_files
                        where tenant_id = :t and pending_id = :p order by position""")
                .param("t", tenantId).param("p", pendingId)
                .query((rs, n) -> new File(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
    }

    /** The case is open and holds the files now: they are not kept twice. */
    public void opened(UUID tenantId, UUID pendingId, UUID refundRequestId, Instant at) {
        jdbc.sql("""
                        update portal_pending_requests set status = 'opened', refund_request_id = :r, used_at = :at
                        where tenant_id = :t and id = :p and status = 'pending'""")
                .param("r", refundRequestId).param("at", ts(at)).param("t", tenantId).param("p", pendingId).update();
        deleteFiles(tenantId, pendingId);
    }

    /** No case could be opened from it; the link keeps saying why. */
    public void refused(UUID tenantId, UUID pendingId, String refusal, Instant at) {
        jdbc.sql("""
                        update portal_pending_requests set status = 'refused', refusal = :why, used_at = :at
                        where tenant_id = :t and id = :p and status = 'pending'""")
                .param("why", refusal).param("at", ts(at)).param("t", tenantId).param("p", pendingId).update();
        deleteFiles(tenantId, pendingId);
    }

    /** Deletes submissions (and their files) that expired before {@code before}; answers how many. */
    public int deleteExpired(Instant before, int limit) {
        return jdbc.sql("""
                        delete from portal_pending_requests where (tenant_id, id) in (
                            select tenant_id, id from portal_pending_requests where expires_at < :before limit :n)""")
                .param("before", ts(before)).param("n", limit).update();
    }

    private void deleteFiles(UUID tenantId, UUID pendingId) {
        jdbc.sql("delete from portal_pending_files where tenant_id = :t and pending_id = :p")
                .param("t", tenantId).param("p", pendingId).update();
    }

    private static Pending map(ResultSet rs, int row) throws SQLException {
        return new Pending(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getString("email"), rs.getString("order_number"), rs.getString("transaction_id"),
                rs.getObject("purchase_date", LocalDate.class), rs.getString("category"), rs.getString("reason"),
                rs.getObject("task_id", UUID.class), rs.getString("evidence_kind"),
                Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getObject("refund_request_id", UUID.class), rs.getString("refusal"), instant(rs, "created_at"),
                instant(rs, "expires_at"));
    }
}
