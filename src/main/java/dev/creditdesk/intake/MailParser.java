package dev.creditdesk.intake;

import dev.creditdesk.intake.ParsedMail.Kind;
import dev.creditdesk.intake.internal.parse.CategoryKeywords;
import dev.creditdesk.intake.internal.parse.CustomerWords;
import dev.creditdesk.intake.internal.parse.MachineMail;
import dev.creditdesk.intake.internal.parse.MailFields;
import dev.creditdesk.intake.internal.parse.MimeContent;
import dev.creditdesk.intake.internal.parse.MimeReader;
import dev.creditdesk.intake.internal.parse.PurchaseDates;
import dev.creditdesk.intake.internal.parse.RefundAsk;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads a raw RFC 5322 message into a {@link ParsedMail}. Never throws for a malformed message: what
 * cannot be read is left out, and the message is kept as it came. docs/intake.md, "How a message is
 * read", says what each field is read from.
 */
@Component
public class MailParser {

    private static final Session SESSION = Session.getInstance(lenient());
    /** A reason longer than this is cut (support reads the whole message anyway). */
    static final int MAX_REASON_CHARS = 10_000;
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,250}>");

    public ParsedMail parse(byte[] raw, ParseRules rules) {
        try {
            return read(new MimeMessage(SESSION, new ByteArrayInputStream(raw)), raw, rules);
        } catch (MessagingException | RuntimeException unreadable) {
            return new ParsedMail(key(null, raw), null, List.of(), List.of(), null, null, "", Kind.OTHER,
                    List.of(), null, null, null, null, null, "", null, null, List.of());
        }
    }

    private static ParsedMail read(MimeMessage message, byte[] raw, ParseRules rules) {
        String messageId = firstId(header(message, "Message-ID"));
        String from = MimeReader.firstAddress(message);
        String fromName = fromName(message);
        String subject = MimeReader.subjectOf(message);
        MimeContent content = MimeReader.read(message);
        String body = content.text();

        List<String> forwardedTexts = new ArrayList<>();
        Set<String> forwardedFrom = new LinkedHashSet<>();
        for (MimeContent.Forwarded forwarded : content.forwarded()) {
            forwardedTexts.add(forwarded.text());
            if (forwarded.from() != null) {
                forwardedFrom.add(forwarded.from());
            }
        }
        var inlineForward = CustomerWords.forwardedInline(body);
        if (inlineForward != null) {
            forwardedTexts.add(inlineForward.text());
            if (inlineForward.from() != null) {
                forwardedFrom.add(inlineForward.from());
            }
        }
        String own = CustomerWords.unquoted(body);
        String forwarded = String.join("\n", forwardedTexts);
        String ownAndForwarded = own + "\n" + forwarded;

        String reason = reason(body, content.forwarded(), inlineForward);

        Set<String> mentioned = new LinkedHashSet<>(MailFields.accountAddresses(ownAndForwarded, from));
        mentioned.addAll(MailFields.forwardedAuthors(forwardedFrom, from));
        Kind kind = kind(message, from, subject, content, ownAndForwarded);
        PurchaseDates.Found date = PurchaseDates.find(ownAndForwarded, ownAndForwarded, rules.dayFirst());
        String subjectCore = RefundAsk.withoutPrefixes(subject);

        return new ParsedMail(key(messageId, raw), messageId, ids(header(message, "In-Reply-To")),
                ids(header(message, "References")), from, fromName, subject,
                kind, List.copyOf(mentioned),
                MailFields.byPatterns(rules.orderPatterns(), false, own, subject, forwarded, body),
                MailFields.byPatterns(rules.transactionPatterns(), true, own, subject, forwarded, body),
                date == null ? null : date.date(), date == null ? null : date.text(),
                MailFields.taskId(own, forwarded, body), reason,
                kind == Kind.SPAM || kind == Kind.AUTOMATED ? null
                        : CategoryKeywords.guess(subjectCore + "\n" + reason, rules.categories()),
                MailFields.caseToken(subject, body, forwarded), content.attachments());
    }

    /**
     * The sender's own words, then the words of each forwarded message a person wrote (a customer's
     * mail forwarded by a colleague or reseller); a forwarded receipt or notification from a machine
     * address is evidence, not words, and is read only when the sender wrote nothing at all.
     */
    private static String reason(String body, List<MimeContent.Forwarded> attached, CustomerWords.@Nullable Forward inline) {
        List<String> byPeople = new ArrayList<>(List.of(CustomerWords.reason(body)));
        List<String> byMachines = new ArrayList<>();
        for (MimeContent.Forwarded forwarded : attached) {
            (MailFields.isPerson(forwarded.from()) ? byPeople : byMachines).add(CustomerWords.reason(forwarded.text()));
        }
        if (inline != null) {
            (MailFields.isPerson(inline.from()) ? byPeople : byMachines).add(CustomerWords.reason(inline.text()));
        }
        String reason = paragraphs(byPeople);
        if (reason.isEmpty()) {
            reason = paragraphs(byMachines);
        }
        return reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
    }

    private static String paragraphs(List<String> texts) {
        return String.join("\n\n", texts.stream().filter(text -> !text.isBlank()).toList());
    }

    /** Spam by the server's verdict, then automatic mail, then spam by its phrases, then a refund request. */
    private static Kind kind(MimeMessage message, @Nullable String from, String subject, MimeContent content,
            String ownWords) {
        if (MachineMail.flaggedSpam(message)) {
            return Kind.SPAM;
        }
        if (MachineMail.automatic(message, from, subject, content.report())) {
            return Kind.AUTOMATED;
        }
        if (MachineMail.looksLikeSpam(subject, content.text())) {
            return Kind.SPAM;
        }
        if (RefundAsk.bySubject(subject) || RefundAsk.byBody(ownWords)) {
            return Kind.REFUND_REQUEST;
        }
        return Kind.OTHER;
    }

    private static @Nullable String fromName(MimeMessage message) {
        try {
            if (message.getFrom() != null && message.getFrom().length > 0
                    && message.getFrom()[0] instanceof InternetAddress address && address.getPersonal() != null) {
                String name = address.getPersonal().strip();
                return name.isEmpty() ? null : name;
            }
        } catch (MessagingException | RuntimeException unreadable) {
            // no name
        }
        return null;
    }

    private static @Nullable String header(MimeMessage message, String name) {
        try {
            String value = message.getHeader(name, " ");
            return value == null ? null : MimeUtility.unfold(value).strip();
        } catch (MessagingException | RuntimeException unreadable) {
            return null;
        }
    }

    private static @Nullable String firstId(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<String> ids = ids(value);
        return ids.isEmpty() ? value.strip() : ids.get(0);
    }

    /** The message ids of an In-Reply-To or References header, in order, each once. */
    private static List<String> ids(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        Matcher matcher = MESSAGE_ID.matcher(value);
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return List.copyOf(ids);
    }

    private static Properties lenient() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.address.strict", "false");
        properties.setProperty("mail.mime.allowutf8", "true");
        return properties;
    }

    static String key(@Nullable String messageId, byte[] raw) {
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
