package dev.creditdesk.refunds.internal;

import static dev.creditdesk.shared.Sql.instant;
import static dev.creditdesk.shared.Sql.ts;

import dev.creditdesk.refunds.Evidence;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class EvidenceStore {

    private static final String COLUMNS = "id, refund_request_id, kind, filename, content_type, size_bytes, sha256, created_at";

    private final JdbcClient jdbc;

    EvidenceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID tenantId, Evidence e, byte[] data) {
        jdbc.sql("""
                        insert into refund_evidence (tenant_id, id, refund_request_id, kind, filename, content_type,
                                                     size_bytes, sha256, data, created_at)
                        values (:t, :id, :request, :kind, :filename, :type, :size, :sha, :data, :at)""")
                .param("t", tenantId).param("id", e.id()).param("request", e.refundRequestId()).param("kind", e.kind())
                .param("filename", e.filename()).param("type", e.contentType()).param("size", e.sizeBytes())
                .param("sha", e.sha256()).param("data", data).param("at", ts(e.createdAt()))
                .update();
    }

    public List<Evidence> list(UUID tenantId, UUID requestId) {
        return jdbc.sql("select " + COLUMNS + " from refund_evidence where tenant_id = :t and refund_request_id = :r "
                        + "order by created_at, id")
                .param("t", tenantId).param("r", requestId)
                .query((rs, n) -> new Evidence(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7),
                        instant(rs, "created_at")))
                .list();
    }

    public int count(UUID tenantId, UUID requestId) {
        return jdbc.sql("select count(*) from refund_evidence where tenant_id = :t and refund_request_id = :r")
                .param("t", tenantId).param("r", requestId).query(Integer.class).single();
    }

    public Optional<byte[]> data(UUID tenantId, UUID requestId, UUID id) {
        return jdbc.sql("select data from refund_evidence where tenant_id = :t and refund_request_id = :r and id = :id")
                .param("t", tenantId).param("r", requestId).param("id", id).query(byte[].class).optional();
    }

    public void addKind(UUID tenantId, UUID requestId, String kind) {
        jdbc.sql("""
                        update refund_requests set evidence_kinds = array_append(evidence_kinds, :kind)
                        where tenant_id = :t and id = :r and not (:kind = any(evidence_kinds))""")
                .param("kind", kind).param("t", tenantId).param("r", requestId).update();
    }
}
