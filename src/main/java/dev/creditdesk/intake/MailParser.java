package dev.creditdesk.intake;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads a raw RFC 5322 message into a {@link ParsedMail}. Never throws for a malformed message: what
 * cannot be read is left out, and the message is kept as it came.
 *
 * <p>A minimal reader until the parser of issue 14 replaces it: plain text (and multipart with a
 * text/plain part and attachments), threading headers, labelled fields ("Order number: A-1001",
 * "Purchase date: 2026-02-04", "Task ID: …", "My account email is …"), the case reference, and
 * Auto-Submitted mail as automated.
 */
@Component
public class MailParser {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final Pattern DATE = Pattern.compile("(?i)purchase date\\s*:\\s*(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern TASK = Pattern.compile("(?i)task id\\s*:\\s*(\\S+)");
    private static final Pattern TOKEN = Pattern.compile("(?i)\\b(?:reference|ref):\\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final Pattern ACCOUNT = Pattern.compile("(?i)account(?: email)?(?: address)?\\s*(?:is|:)\\s*([^\\s@<>]+@[^\\s<>]+[^\\s<>.])");
    private static final Pattern FIELD_LINE = Pattern.compile("(?i)^\\s*(order number|order|transaction id|purchase date|task id|reference|ref)\\s*:.*$");

    public ParsedMail parse(byte[] raw, ParseRules rules) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            String messageId = message.getMessageID();
            String from = null;
            String fromName = null;
            if (message.getFrom() != null && message.getFrom().length > 0
                    && message.getFrom()[0] instanceof InternetAddress address) {
                from = address.getAddress() == null ? null : address.getAddress().toLowerCase(Locale.ROOT);
                fromName = address.getPersonal();
            }
            String subject = message.getSubject() == null ? "" : message.getSubject();
            List<ParsedMail.Attachment> attachments = new ArrayList<>();
            String body = text(message, attachments);
            String own = ownWords(body);
            ParsedMail.Kind kind = automated(message) ? ParsedMail.Kind.AUTOMATED
                    : subject.toLowerCase(Locale.ROOT).contains("refund") ? ParsedMail.Kind.REFUND_REQUEST
                    : ParsedMail.Kind.OTHER;
            LocalDate date = null;
            String dateText = first(DATE, own);
            if (dateText != null) {
                try {
                    date = LocalDate.parse(dateText);
                } catch (DateTimeParseException e) {
                    dateText = null;
                }
            }
            List<String> mentioned = new ArrayList<>();
            Matcher account = ACCOUNT.matcher(own);
            while (account.find()) {
                String address = account.group(1).toLowerCase(Locale.ROOT);
                if (!address.equals(from) && !mentioned.contains(address)) {
                    mentioned.add(address);
                }
            }
            String token = first(TOKEN, subject);
            return new ParsedMail(key(messageId, raw), messageId, ids(message.getHeader("In-Reply-To", " ")),
                    ids(message.getHeader("References", " ")), from, fromName, subject, kind, mentioned,
                    first(rules.orderPatterns(), own), first(rules.transactionPatterns(), own), date, dateText,
                    first(TASK, own), reason(own), null, token != null ? token : first(TOKEN, body), attachments);
        } catch (MessagingException | IOException e) {
            return new ParsedMail(key(null, raw), null, List.of(), List.of(), null, null, "", ParsedMail.Kind.OTHER,
                    List.of(), null, null, null, null, null, "", null, null, List.of());
        }
    }

    private static boolean automated(MimeMessage message) throws MessagingException {
        String auto = message.getHeader("Auto-Submitted", null);
        return auto != null && !auto.strip().equalsIgnoreCase("no");
    }

    /** The first text/plain part's text; the other parts with a file name (or images) as attachments. */
    private static String text(Part part, List<ParsedMail.Attachment> attachments)
            throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            String text = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String type = child.getContentType() == null ? "" : child.getContentType().toLowerCase(Locale.ROOT);
                if (child.getFileName() != null || type.startsWith("image/") || type.startsWith("application/")) {
                    attachments.add(new ParsedMail.Attachment(child.getFileName(), type.split(";")[0].strip(),
                            child.getInputStream().readAllBytes(), Part.INLINE.equalsIgnoreCase(child.getDisposition())));
                } else {
                    String inner = text(child, attachments);
                    if (text == null && !inner.isEmpty()) {
                        text = inner;
                    }
                }
            }
            return text == null ? "" : text;
        }
        return content instanceof String text && part.isMimeType("text/plain") ? text : "";
    }

    /** The message without the quoted message it answers. */
    private static String ownWords(String body) {
        StringBuilder own = new StringBuilder();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith(">") || line.matches("(?i)^On .* wrote:\\s*$")) {
                break;
            }
            own.append(line).append('\n');
        }
        return own.toString();
    }

    private static String reason(String own) {
        StringBuilder reason = new StringBuilder();
        for (String line : own.split("\n")) {
            if (!FIELD_LINE.matcher(line).matches()) {
                reason.append(line).append('\n');
            }
        }
        return reason.toString().strip();
    }

    private static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher matcher = MESSAGE_ID.matcher(header);
            while (matcher.find()) {
                ids.add(matcher.group());
            }
        }
        return ids;
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String first(List<Pattern> patterns, String text) {
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return matcher.groupCount() > 0 && matcher.group(1) != null ? matcher.group(1) : matcher.group();
            }
        }
        return null;
    }

    static String key(String messageId, byte[] raw) {
        if (messageId != null && !messageId.isBlank()) {
            return messageId.strip();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
