package dev.creditdesk.intake.internal.parse;

import dev.creditdesk.intake.ParsedMail.Attachment;
import dev.creditdesk.intake.internal.parse.MimeContent.Forwarded;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Walks a message's MIME tree. A part that cannot be read (a broken base64 body, an unknown charset
 * that is not even bytes, a multipart without boundary) is left out; the rest is kept.
 */
public final class MimeReader {

    /** Nesting deeper than this is not a real mail client's doing: the rest is left out. */
    private static final int MAX_DEPTH = 12;
    /** Messages forwarded inside forwarded messages are read this deep. */
    private static final int MAX_FORWARDED = 5;
    /** What a person writes fits; beyond this the text is not read (the raw message is kept whole). */
    public static final int MAX_TEXT_CHARS = 100_000;

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"), Map.entry("image/jpg", "jpg"),
            Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"), Map.entry("image/heic", "heic"),
            Map.entry("image/svg+xml", "svg"), Map.entry("application/pdf", "pdf"), Map.entry("text/plain", "txt"),
            Map.entry("text/csv", "csv"), Map.entry("text/html", "html"), Map.entry("text/calendar", "ics"),
            Map.entry("application/zip", "zip"), Map.entry("video/mp4", "mp4"), Map.entry("message/rfc822", "eml"));

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final StringBuilder plain = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private final List<Attachment> attachments = new ArrayList<>();
    private final List<Forwarded> forwarded = new ArrayList<>();
    private boolean report;
    private int inlineCount;
    private int attachmentCount;

    private MimeReader() {
    }

    public static MimeContent read(MimeMessage message) {
        MimeReader reader = new MimeReader();
        reader.walk(message, 0, false);
        return new MimeContent(reader.bodyText(), reader.attachments, reader.forwarded, reader.report);
    }

    private String bodyText() {
        String text = plain.toString();
        if (text.isBlank() && !html.isEmpty()) {
            text = HtmlText.toText(html.length() > 4 * MAX_TEXT_CHARS ? html.substring(0, 4 * MAX_TEXT_CHARS) : html.toString());
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        return text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
    }

    private void walk(Part part, int depth, boolean inRelated) {
        if (depth > MAX_DEPTH) {
            return;
        }
        try {
            String type = baseType(part);
            if (type.startsWith("multipart/")) {
                walkMultipart(part, type, depth);
            } else if (type.equals("message/rfc822") && forwarded.size() < MAX_FORWARDED) {
                readForwarded(part, depth);
            } else if (type.equals("message/delivery-status") || type.equals("message/disposition-notification")) {
                report = true;
            } else if (isBodyText(part, type)) {
                String text = readText(part);
                if (type.equals("text/html")) {
                    html.append(text).append('\n');
                } else {
                    plain.append(flowed(part, text)).append('\n');
                }
            } else {
                readAttachment(part, type, inRelated);
            }
        } catch (MessagingException | IOException | RuntimeException unreadable) {
            // left out: the rest of the message is still read
        }
    }

    private void walkMultipart(Part part, String type, int depth) throws MessagingException, IOException {
        if (type.equals("multipart/report")) {
            report = true;
        }
        if (!(part.getContent() instanceof Multipart multipart)) {
            return;
        }
        int count = multipart.getCount();
        if (type.equals("multipart/alternative")) {
            walkAlternative(multipart, count, depth);
            return;
        }
        for (int i = 0; i < count; i++) {
            walk(multipart.getBodyPart(i), depth + 1, type.equals("multipart/related"));
        }
    }

    /**
     * The plain version when there is one with text, else the richest (last) one; the files of the
     * others (a multipart/related's inline images) are kept either way.
     */
    private void walkAlternative(Multipart multipart, int count, int depth) throws MessagingException {
        int plainIndex = -1;
        for (int i = 0; i < count; i++) {
            BodyPart child = multipart.getBodyPart(i);
            if (baseType(child).equals("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(disposition(child))) {
                plainIndex = i;
            }
        }
        if (plainIndex >= 0) {
            int before = plain.length();
            walk(multipart.getBodyPart(plainIndex), depth + 1, false);
            if (plain.substring(before).isBlank()) {
                plainIndex = -1;
            }
        }
        for (int i = count - 1; i >= 0; i--) {
            if (i == plainIndex) {
                continue;
            }
            BodyPart child = multipart.getBodyPart(i);
            String type = baseType(child);
            if (plainIndex < 0 && (type.equals("text/html") || type.startsWith("multipart/"))) {
                walk(child, depth + 1, false);
                plainIndex = i;
            } else if (type.startsWith("multipart/")) {
                collectFilesOnly(child, depth + 1);
            }
        }
    }

    private void collectFilesOnly(Part part, int depth) {
        MimeReader files = new MimeReader();
        files.inlineCount = inlineCount;
        files.attachmentCount = attachmentCount;
        files.walk(part, depth, false);
        attachments.addAll(files.attachments);
        inlineCount = files.inlineCount;
        attachmentCount = files.attachmentCount;
    }

    private void readForwarded(Part part, int depth) throws MessagingException, IOException {
        if (!(part.getContent() instanceof MimeMessage inner)) {
            return;
        }
        MimeReader reader = new MimeReader();
        reader.inlineCount = inlineCount;
        reader.attachmentCount = attachmentCount;
        reader.walk(inner, depth + 1, false);
        attachments.addAll(reader.attachments);
        inlineCount = reader.inlineCount;
        attachmentCount = reader.attachmentCount;
        report |= reader.report;
        forwarded.add(new Forwarded(firstAddress(inner), subjectOf(inner), reader.bodyText()));
        forwarded.addAll(reader.forwarded);
    }

    private boolean isBodyText(Part part, String type) throws MessagingException {
        if (!type.equals("text/plain") && !type.equals("text/html")) {
            return false;
        }
        String disposition = disposition(part);
        if (Part.ATTACHMENT.equalsIgnoreCase(disposition)) {
            return false;
        }
        return disposition != null || fileName(part) == null;
    }

    private void readAttachment(Part part, String type, boolean inRelated) throws MessagingException, IOException {
        String disposition = disposition(part);
        boolean inline = Part.INLINE.equalsIgnoreCase(disposition)
                || (disposition == null && (inRelated || header(part, "Content-ID") != null));
        byte[] data;
        try (InputStream in = part.getInputStream()) {
            data = in.readAllBytes();
        }
        String name = fileName(part);
        if (name == null || name.isBlank()) {
            int n = inline ? ++inlineCount : ++attachmentCount;
            name = (inline ? "inline-" : "attachment-") + n + "." + EXTENSIONS.getOrDefault(type, "bin");
        }
        attachments.add(new Attachment(name, type, data, inline));
    }

    static String readText(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String charset = null;
        try {
            charset = new ContentType(part.getContentType()).getParameter("charset");
        } catch (MessagingException | RuntimeException unparsable) {
            // no charset: guessed below
        }
        if (charset != null) {
            try {
                Charset declared = Charset.forName(MimeUtility.javaCharset(charset.strip()));
                // mail clients label Windows-1252 text ISO-8859-1 (as browsers do, read it as the superset)
                return new String(bytes, declared.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : declared);
            } catch (RuntimeException unknownCharset) {
                // guessed below
            }
        }
        return guessCharset(bytes);
    }

    /** UTF-8 when the bytes are valid UTF-8 (ASCII is), Windows-1252 otherwise (what unlabelled mail mostly is). */
    private static String guessCharset(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    /** {@code format=flowed} (RFC 3676): a line ending in a space continues on the next one. */
    private static String flowed(Part part, String text) {
        try {
            ContentType type = new ContentType(part.getContentType());
            if (!"flowed".equalsIgnoreCase(type.getParameter("format"))) {
                return text;
            }
            boolean delsp = "yes".equalsIgnoreCase(type.getParameter("delsp"));
            StringBuilder out = new StringBuilder(text.length());
            for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
                boolean soft = line.endsWith(" ") && !line.equals("-- ");
                String kept = line.startsWith(" ") ? line.substring(1) : line;
                out.append(soft && delsp ? kept.substring(0, kept.length() - 1) : kept);
                if (!soft) {
                    out.append('\n');
                }
            }
            return out.toString();
        } catch (MessagingException | RuntimeException unparsable) {
            return text;
        }
    }

    static String baseType(Part part) {
        try {
            String declared = part.getContentType();
            if (declared == null) {
                return "text/plain";
            }
            return new ContentType(declared).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException unparsable) {
            return "application/octet-stream";
        }
    }

    private static @Nullable String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException unparsable) {
            return null;
        }
    }

    private static @Nullable String header(Part part, String name) {
        try {
            String[] values = part.getHeader(name);
            return values == null || values.length == 0 ? null : values[0];
        } catch (MessagingException | RuntimeException unparsable) {
            return null;
        }
    }

    /** The file name, RFC 2231 and RFC 2047 encodings decoded. */
    static @Nullable String fileName(Part part) {
        try {
            String name = part.getFileName();
            if (name == null) {
                return null;
            }
            if (name.contains("=?")) {
                name = MimeUtility.decodeText(name);
            }
            name = name.replaceAll("[\\\\/\\r\\n\\x00]", "_").strip();
            return name.isEmpty() ? null : name;
        } catch (MessagingException | IOException | RuntimeException unparsable) {
            return null;
        }
    }

    public static @Nullable String firstAddress(MimeMessage message) {
        try {
            Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress address
                    && address.getAddress() != null) {
                return address.getAddress().toLowerCase(Locale.ROOT);
            }
        } catch (MessagingException | RuntimeException unparsable) {
            // read from the raw header below
        }
        return Addresses.first(header(message, "From"));
    }

    public static String subjectOf(MimeMessage message) {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject.replaceAll("[\\r\\n]+\\s*", " ").strip();
        } catch (MessagingException | RuntimeException unparsable) {
            return "";
        }
    }
}
