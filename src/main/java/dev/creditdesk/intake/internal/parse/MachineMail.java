package dev.creditdesk.intake.internal.parse;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Mail that must never be answered: automatic mail (RFC 3834 Auto-Submitted, auto-responder
 * headers, bulk and list mail, bounces and the machine senders that send them, out-of-office and
 * delivery-failure subjects) and spam (the receiving server's verdict, or two of the spam phrases).
 */
public final class MachineMail {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern AUTOMATIC_SUBJECT = Pattern.compile("^(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)"
            + "|autoreply|out of (?:the )?office|ooo\\b|away from (?:the )?office|on vacation|undeliverable|undelivered mail"
            + "|delivery status notification|delivery (?:has )?failed|delivery failure|mail delivery (?:failed|failure|subsystem)"
            + "|returned mail|failure notice|message not delivered|read:|gelesen:|lu :|abwesenheitsnotiz|automatische antwort"
            + "|nicht zustellbar|unzustellbar|réponse automatique|absence du bureau|non remis|respuesta automática"
            + "|fuera de la oficina|no se puede entregar|risposta automatica|fuori ufficio|non recapitabile"
            + "|automatisch antwoord|afwezig|onbestelbaar|automatyczna odpowiedź|nieobecność|автоматический ответ"
            + "|自動応答|自动回复)", FLAGS);
    private static final Pattern SPAM_PHRASES = Pattern.compile("(?<!\\p{L})(?:viagra|cialis|casino|lottery|jackpot"
            + "|you(?:'ve| have)? won|claim your (?:prize|reward)|100% free|risk[- ]free|act now|limited time offer"
            + "|click here|wire transfer|western union|inheritance|beneficiary|million (?:us )?dollars|crypto(?:currency)? invest\\w*"
            + "|bitcoin|forex|double your|guaranteed (?:income|returns)|work from home|make money fast|seo services"
            + "|backlinks?|guest post|rank (?:your website|#?1)|first page of google|weight loss|miracle|hot singles"
            + "|dear (?:friend|winner|customer of|beneficiary)|verify your account now|your account (?:has been|will be) suspended"
            + "|congratulations!)(?!\\p{L})", FLAGS);

    private MachineMail() {
    }

    public static boolean automatic(MimeMessage message, @Nullable String from, String subject, boolean report) {
        String autoSubmitted = header(message, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        if (header(message, "X-Autoreply") != null || header(message, "X-Autorespond") != null
                || header(message, "X-Autoresponder") != null || header(message, "List-Id") != null
                || header(message, "List-Unsubscribe") != null) {
            return true;
        }
        String precedence = header(message, "Precedence");
        if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply")) {
            return true;
        }
        String autoResponseSuppress = header(message, "X-Auto-Response-Suppress");
        if (autoResponseSuppress != null && autoResponseSuppress.toLowerCase(Locale.ROOT).contains("oof")
                && AUTOMATIC_SUBJECT.matcher(RefundAsk.withoutPrefixes(subject)).find()) {
            return true;
        }
        return report || (from != null && Addresses.isMachineSender(from))
                || AUTOMATIC_SUBJECT.matcher(subject.strip()).find()
                || AUTOMATIC_SUBJECT.matcher(RefundAsk.withoutPrefixes(subject)).find();
    }

    /** The receiving server's verdict (X-Spam-Flag: YES, X-Spam-Status: Yes…, X-Spam-Level of five stars or more). */
    public static boolean flaggedSpam(MimeMessage message) {
        String flag = header(message, "X-Spam-Flag");
        String status = header(message, "X-Spam-Status");
        String level = header(message, "X-Spam-Level");
        String verdict = header(message, "X-Spam");
        return flag != null && flag.strip().toLowerCase(Locale.ROOT).startsWith("yes")
                || status != null && status.strip().toLowerCase(Locale.ROOT).startsWith("yes")
                || verdict != null && verdict.strip().toLowerCase(Locale.ROOT).startsWith("yes")
                || level != null && level.strip().startsWith("*****");
    }

    /** Two different spam phrases in the subject and the body. */
    public static boolean looksLikeSpam(String subject, String body) {
        var matcher = SPAM_PHRASES.matcher(subject + "\n" + body);
        String first = null;
        while (matcher.find()) {
            String phrase = matcher.group().toLowerCase(Locale.ROOT);
            if (first == null) {
                first = phrase;
            } else if (!first.equals(phrase)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, ",");
        } catch (MessagingException | RuntimeException unreadable) {
            return null;
        }
    }
}
