package dev.creditdesk.intake;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * Reads a raw RFC 5322 message into a {@link ParsedMail}. Never throws for a malformed message: what
 * cannot be read is left out, and the message is kept as it came.
 */
@Component
public class MailParser {

    private static final Session SESSION = Session.getInstance(new Properties());

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
            Object content = message.getContent();
            String body = content instanceof String text ? text : "";
            ParsedMail.Kind kind = subject.toLowerCase(Locale.ROOT).contains("refund")
                    ? ParsedMail.Kind.REFUND_REQUEST : ParsedMail.Kind.OTHER;
            return new ParsedMail(key(messageId, raw), messageId, List.of(), List.of(), from, fromName, subject, kind,
                    List.of(), null, null, null, null, null, body.strip(), null, null, List.of());
        } catch (MessagingException | IOException e) {
            return new ParsedMail(key(null, raw), null, List.of(), List.of(), null, null, "", ParsedMail.Kind.OTHER,
                    List.of(), null, null, null, null, null, "", null, null, List.of());
        }
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
