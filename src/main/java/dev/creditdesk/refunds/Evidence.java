package dev.creditdesk.refunds;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A file a customer gave for a refund request; {@code sha256} lets anyone check it is unchanged. */
public record Evidence(UUID id, UUID refundRequestId, @Nullable String kind, @Nullable String filename,
        String contentType, int sizeBytes, String sha256, Instant createdAt) {

    @JsonProperty(index = 0)
    public String object() {
        return "evidence";
    }
}
