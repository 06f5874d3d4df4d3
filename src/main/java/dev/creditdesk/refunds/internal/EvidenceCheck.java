package dev.creditdesk.refunds.internal;

import dev.creditdesk.shared.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * What an evidence file must be before it is kept: one of the accepted types, its first bytes
 * saying it is what its Content-Type declares (a text file sent as image/png is refused), text as
 * UTF-8 without NUL characters, a name without control characters or path separators, and no more
 * files on a case than {@code creditdesk.refunds.evidence.max-files-per-case}.
 */
@Component
@EnableConfigurationProperties(EvidenceCheck.Limits.class)
public class EvidenceCheck {

    @ConfigurationProperties("creditdesk.refunds.evidence")
    public record Limits(@DefaultValue("20") int maxFilesPerCase) {
    }


    /** Accepted types and the bytes each file of that type starts with (text: checked as UTF-8). */
    private static final Map<String, byte[]> SIGNATURES = Map.of(
            "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
            "image/jpeg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff},
            "image/webp", "RIFF".getBytes(StandardCharsets.US_ASCII),
            "application/pdf", "%PDF-".getBytes(StandardCharsets.US_ASCII),
            "text/plain", new byte[0]);

    private final EvidenceStore store;
    private final Limits limits;

    EvidenceCheck(EvidenceStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Checks one upload to a case (locked by the caller); answers the file's media type, lower case. */
    public String check(UUID tenantId, UUID requestId, String contentType, String filename, byte[] data) {
        String type = checkFile(contentType, filename, data);
        int files = store.count(tenantId, requestId);
        if (files >= limits.maxFilesPerCase()) {
            throw ApiProblem.conflict("evidence-limit-reached", "A case holds at most " + limits.maxFilesPerCase()
                    + " evidence files and this one has " + files).with("limit", limits.maxFilesPerCase());
        }
        return type;
    }

    /** The checks of one file on its own (type, content, name; not the case's count); answers its media type. */
    public String checkFile(String contentType, String filename, byte[] data) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!SIGNATURES.containsKey(type)) {
            throw new ApiProblem(415, "unsupported-evidence", "Unsupported evidence",
                    "Evidence must be one of " + String.join(", ", new TreeSet<>(SIGNATURES.keySet())));
        }
        if (data.length == 0) {
            throw ApiProblem.invalid("body", "the file is empty");
        }
        if (filename != null && filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
            throw ApiProblem.invalid("filename", "must not contain control characters, '/' or '\\'");
        }
        if (!looksLike(type, contentType, data)) {
            throw new ApiProblem(415, "evidence-content-mismatch", "Evidence is not what it says",
                    "The file's content is not " + type + (type.equals("text/plain")
                            ? " (UTF-8 text without NUL characters)" : "") + "; send it with its real Content-Type");
        }
        return type;
    }

    static boolean looksLike(String type, String contentType, byte[] data) {
        if (type.equals("text/plain")) {
            return utf8Charset(contentType) && isUtf8Text(data);
        }
        byte[] signature = SIGNATURES.get(type);
        if (data.length < signature.length || !Arrays.equals(data, 0, signature.length, signature, 0, signature.length)) {
            return false;
        }
        return !type.equals("image/webp") || data.length >= 12
                && Arrays.equals(data, 8, 12, "WEBP".getBytes(StandardCharsets.US_ASCII), 0, 4);
    }

    private static boolean utf8Charset(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        int at = lower.indexOf("charset=");
        if (at < 0) {
            return true;
        }
        String charset = lower.substring(at + 8).split(";")[0].replace("\"", "");
        return charset.equals("utf-8") || charset.equals("utf8") || charset.equals("us-ascii");
    }

    private static boolean isUtf8Text(byte[] data) {
        for (byte b : data) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
