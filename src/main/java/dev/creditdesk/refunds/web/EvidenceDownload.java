package dev.creditdesk.refunds.web;

import dev.creditdesk.refunds.Evidence;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Content-Disposition of an evidence download (RFC 6266): always an attachment, never shown
 * inline by the browser; a quoted ASCII {@code filename} any client understands and the exact
 * name as UTF-8 in {@code filename*} (RFC 8187). Nothing of the customer's name can break out of
 * the header or name a path.
 */
final class EvidenceDownload {

    private static final Map<String, String> EXTENSIONS = Map.of("image/png", ".png", "image/jpeg", ".jpg",
            "image/webp", ".webp", "application/pdf", ".pdf", "text/plain", ".txt");
    private static final int MAX_NAME = 100;

    private EvidenceDownload() {
    }

    static String attachment(Evidence evidence) {
        String name = evidence.filename() == null || evidence.filename().isBlank()
                ? evidence.kind() + "-" + evidence.id() + EXTENSIONS.getOrDefault(evidence.contentType(), "")
                : evidence.filename();
        name = name.codePoints()
                .filter(c -> c >= 0x20 && c != 0x7f && c != '/' && c != '\\')
                .limit(MAX_NAME)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip();
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            name = "evidence-" + evidence.id();
        }
        return "attachment; filename=\"" + ascii(name) + "\"; filename*=UTF-8''" + percentEncoded(name);
    }

    /** Letters, digits, '.', '-' and '_' kept, anything else '_'; no leading dot (a hidden file). */
    private static String ascii(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append(c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') ? c : '_');
        }
        if (out.charAt(0) == '.') {
            out.setCharAt(0, '_');
        }
        return out.toString();
    }

    /** RFC 8187 value-chars: attr-char as is, every other UTF-8 byte as %XX. */
    private static String percentEncoded(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
