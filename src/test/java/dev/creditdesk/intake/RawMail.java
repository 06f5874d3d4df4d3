package dev.creditdesk.intake;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Raw RFC 822 messages as a customer's mail client writes them, for tests. */
public final class RawMail {

    private String from = "customer@example.com";
    private String to = "support@example.com";
    private String subject = "Refund Request";
    private String messageId;
    private String inReplyTo;
    private String references;
    private String body = "";
    private final List<String[]> headers = new ArrayList<>();
    private final List<Object[]> files = new ArrayList<>();

    public static RawMail from(String from) {
        RawMail mail = new RawMail();
        mail.from = from;
        return mail;
    }

    public RawMail to(String to) {
        this.to = to;
        return this;
    }

    public RawMail subject(String subject) {
        this.subject = subject;
        return this;
    }

    public RawMail id(String messageId) {
        this.messageId = messageId;
        return this;
    }

    public RawMail inReplyTo(String inReplyTo) {
        this.inReplyTo = inReplyTo;
        return this;
    }

    public RawMail references(String references) {
        this.references = references;
        return this;
    }

    public RawMail header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public RawMail body(String body) {
        this.body = body;
        return this;
    }

    public RawMail file(String filename, String contentType, byte[] data) {
        files.add(new Object[] {filename, contentType, data, MimeBodyPart.ATTACHMENT});
        return this;
    }

    /** An image shown in the message's text (Content-Disposition: inline, with a Content-ID). */
    public RawMail inline(String filename, String contentType, byte[] data) {
        files.add(new Object[] {filename, contentType, data, MimeBodyPart.INLINE});
        return this;
    }

    public byte[] bytes() {
        if (files.isEmpty()) {
            StringBuilder raw = new StringBuilder();
            raw.append("From: ").append(from).append("\r\nTo: ").append(to).append("\r\nSubject: ").append(subject)
                    .append("\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n");
            if (messageId != null) {
                raw.append("Message-ID: ").append(messageId).append("\r\n");
            }
            if (inReplyTo != null) {
                raw.append("In-Reply-To: ").append(inReplyTo).append("\r\n");
            }
            if (references != null) {
                raw.append("References: ").append(references).append("\r\n");
            }
            for (String[] header : headers) {
                raw.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            raw.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
                    .append(body.replace("\n", "\r\n"));
            return raw.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
                @Override
                protected void updateMessageID() {
                }
            };
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject(subject);
            if (messageId != null) {
                message.setHeader("Message-ID", messageId);
            }
            if (inReplyTo != null) {
                message.setHeader("In-Reply-To", inReplyTo);
            }
            if (references != null) {
                message.setHeader("References", references);
            }
            for (String[] header : headers) {
                message.setHeader(header[0], header[1]);
            }
            MimeMultipart multipart = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body, "UTF-8");
            multipart.addBodyPart(text);
            for (Object[] file : files) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource((byte[]) file[2], (String) file[1])));
                part.setFileName((String) file[0]);
                part.setDisposition((String) file[3]);
                if (MimeBodyPart.INLINE.equals(file[3])) {
                    part.setContentID("<" + file[0] + "@inline>");
                }
                multipart.addBodyPart(part);
            }
            message.setContent(multipart);
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
