package dev.creditdesk.intake.internal.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Separates what the customer wrote in this message from what it quotes or forwards and from the
 * signature: quoted replies (Gmail/Apple "On … wrote:", Outlook's "From: … Sent: …" block and
 * "-----Original Message-----", lines starting with {@code >}), forwarded-message separators, the
 * {@code "-- "} signature line, phone footers ("Sent from my iPhone"), a closing salutation with the
 * name after it, and a greeting line at the start.
 */
public final class CustomerWords {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final Pattern ORIGINAL = Pattern.compile("^[-_=\\s]*-{2,}\\s*(?:original message|ursprüngliche nachricht"
            + "|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|wiadomość oryginalna"
            + "|исходное сообщение|原始邮件)\\s*-{2,}.*$", FLAGS);
    private static final Pattern FORWARD = Pattern.compile("^(?:[-\\s]*-{2,}\\s*(?:forwarded message|weitergeleitete nachricht"
            + "|message transféré|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|przekazana wiadomość"
            + "|пересылаемое сообщение)\\s*-*|begin forwarded message:|anfang der weitergeleiteten nachricht:"
            + "|début du message (?:réexpédié|transféré)\\s*:)\\s*$", FLAGS);
    private static final Pattern ATTRIBUTION_START = Pattern.compile("^(?:on|am|le|el|il|op|w dniu|em|den|le)\\s", FLAGS);
    private static final Pattern ATTRIBUTION = Pattern.compile("^(?:on|am|le|el|il|op|w dniu|em|den)\\s.{0,300}"
            + "(?:wrote|schrieb|a écrit|escribió|ha scritto|schreef|napisał\\(a\\)|napisał|pisze|escreveu|skrev)"
            + "(?:\\s*:?|\\s.{0,150}:)\\s*$", FLAGS);
    /** "Acme Support wrote:" (older clients) right before a quoted line. */
    private static final Pattern SHORT_ATTRIBUTION = Pattern.compile("^.{1,80}\\s(?:wrote|schrieb|a écrit|escribió|ha scritto|schreef)\\s*:$", FLAGS);
    /** A name alone at the end, after a blank line: one to three capitalised words. */
    private static final Pattern NAME = Pattern.compile("^\\p{Lu}[\\p{L}.'-]*(?:\\s+\\p{Lu}[\\p{L}.'-]*){0,2}$");
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^\\*?(?:from|von|de|da|van|od|от|發件人|发件人)\\s*:\\*?\\s*\\S", FLAGS);
    private static final Pattern OUTLOOK_SENT = Pattern.compile("^\\*?(?:sent|date|gesendet|datum|envoyé|enviado|inviato"
            + "|verzonden|wysłano|отправлено|data|fecha)\\s*:", FLAGS);
    private static final Pattern RULE = Pattern.compile("^_{10,}\\s*$");
    private static final Pattern SIGNATURE = Pattern.compile("^(?:--|—|–)\\s*$");
    private static final Pattern PHONE_FOOTER = Pattern.compile("^(?:sent from (?:my )?\\S.{0,40}|get outlook for \\S.{0,30}"
            + "|sent via .{0,40}|von meinem \\S.{0,30} gesendet|gesendet von .{0,40}|envoyé de mon \\S.{0,30}"
            + "|enviado desde mi \\S.{0,30}|inviato da(?:l mio)? \\S.{0,30}|verzonden (?:vanaf|met) .{0,30}"
            + "|wysłane z .{0,30}|отправлено с .{0,30})$", FLAGS);
    private static final String SALUTATIONS = "thanks(?: (?:a lot|again|in advance|so much))?|thank you(?: (?:very much|in advance|so much))?"
            + "|many thanks|best(?: regards| wishes)?|kind regards|warm regards|regards|cheers|sincerely|yours(?: sincerely| truly)?"
            + "|all the best|with thanks|thx|ty|cordialement|bien à vous|merci(?: d'avance| beaucoup)?|bonne journée"
            + "|mit freundlichen grüßen|mit freundlichen gruessen|freundliche grüße|viele grüße|liebe grüße|beste grüße|lg|mfg|vg"
            + "|gruß|grüße|danke(?: schön| im voraus)?|saludos(?: cordiales)?|un saludo|atentamente|gracias"
            + "|cordiali saluti|distinti saluti|saluti|grazie(?: mille)?|met vriendelijke groet(?:en)?|vriendelijke groet"
            + "|groeten|groetjes|bedankt|pozdrawiam|z poważaniem|dziękuję|с уважением|спасибо|よろしくお願いします|谢谢|此致";
    private static final Pattern SALUTATION = Pattern.compile("^(?:" + SALUTATIONS + ")[\\s,.!:;]*(?:\\p{L}[\\p{L}.'-]*[\\s,]*){0,3}$", FLAGS);
    private static final Pattern GREETING = Pattern.compile("^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings"
            + "|to whom it may concern|hallo|guten tag|sehr geehrte|liebes?|bonjour|bonsoir|madame|monsieur|hola|estimad[oa]s?"
            + "|buongiorno|buonasera|gentile|salve|ciao|beste|geachte|goedendag|dzień dobry|witam|szanowni|здравствуйте"
            + "|добрый день|こんにちは|お世話になっております|お世話になります|您好|你好)(?:\\b|(?=\\P{L}))[^.?!,]{0,40}[,!:]?$", FLAGS);
    private static final Pattern HEADER_LINE = Pattern.compile("^\\*?(?:from|von|de|date|datum|sent|gesendet|subject|betreff"
            + "|objet|asunto|oggetto|to|an|à|para|a|cc|reply-to)\\s*:.*$", FLAGS);

    private CustomerWords() {
    }

    /** The customer's own words in a body: no quotes, no forwarded part, no signature, no greeting. */
    public static String of(String body) {
        return join(withoutGreeting(withoutSignature(ownLines(body))));
    }

    /** The lines of the body before any quote or forward, {@code >} lines left out, signature kept. */
    public static String unquoted(String body) {
        return join(ownLines(body));
    }

    /**
     * The reason in the customer's words: the value of a "Reason:" field (with the lines that
     * continue it) when the message has one, else its own words without the field lines.
     */
    public static String reason(String body) {
        List<String> lines = withoutGreeting(withoutSignature(ownLines(body)));
        for (int i = 0; i < lines.size(); i++) {
            Matcher field = Labels.REASON_LINE.matcher(lines.get(i));
            if (field.matches()) {
                List<String> value = new ArrayList<>();
                value.add(field.group(1));
                for (int j = i + 1; j < lines.size(); j++) {
                    String next = lines.get(j);
                    if (next.isBlank() && !value.stream().allMatch(String::isBlank)
                            || Labels.FIELD_LINE.matcher(next).find()) {
                        break;
                    }
                    value.add(next);
                }
                String reason = join(value);
                if (!reason.isEmpty()) {
                    return reason;
                }
            }
        }
        return join(lines.stream().filter(line -> !Labels.FIELD_LINE.matcher(line).find()).toList());
    }

    /** The lines before the first quote or forward marker, without {@code >} lines. */
    static List<String> ownLines(String body) {
        String[] lines = body.replace("\r\n", "\n").split("\n", -1);
        int cut = quoteStart(lines);
        List<String> own = new ArrayList<>();
        for (int i = 0; i < cut; i++) {
            // quoted lines are left out one by one, so that answers written between them stay
            boolean attribution = SHORT_ATTRIBUTION.matcher(lines[i].strip()).matches() && i + 1 < lines.length
                    && lines[i + 1].stripLeading().startsWith(">");
            if (!attribution && !lines[i].stripLeading().startsWith(">")) {
                own.add(lines[i].stripTrailing());
            }
        }
        return own;
    }

    /** The index of the line where quoted or forwarded text starts (the length when there is none). */
    static int quoteStart(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (ORIGINAL.matcher(line).matches() || FORWARD.matcher(line).matches() || RULE.matcher(line).matches()) {
                return i;
            }
            if (ATTRIBUTION_START.matcher(line).find() && attribution(lines, i)) {
                return i;
            }
            if (OUTLOOK_FROM.matcher(line).find()) {
                for (int j = i + 1; j < Math.min(lines.length, i + 5); j++) {
                    if (OUTLOOK_SENT.matcher(lines[j].strip()).find()) {
                        return i;
                    }
                }
            }
        }
        return lines.length;
    }

    private static boolean attribution(String[] lines, int start) {
        StringBuilder joined = new StringBuilder();
        for (int i = start; i < Math.min(lines.length, start + 3); i++) {
            joined.append(i == start ? "" : " ").append(lines[i].strip());
            if (ATTRIBUTION.matcher(joined).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text of a message forwarded inline (after "---------- Forwarded message ---------"), without
     * its header lines; null when the body forwards nothing.
     */
    public static @Nullable Forward forwardedInline(String body) {
        String[] lines = body.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (FORWARD.matcher(line).matches() || ORIGINAL.matcher(line).matches()) {
                int j = i + 1;
                String from = null;
                while (j < lines.length && (lines[j].isBlank() || HEADER_LINE.matcher(lines[j].strip()).matches())) {
                    if (from == null && OUTLOOK_FROM.matcher(lines[j].strip()).find()) {
                        from = Addresses.first(lines[j]);
                    }
                    j++;
                }
                StringBuilder rest = new StringBuilder();
                for (int k = j; k < lines.length; k++) {
                    rest.append(lines[k]).append('\n');
                }
                return new Forward(from, rest.toString());
            }
        }
        return null;
    }

    public record Forward(@Nullable String from, String text) {
    }

    private static List<String> withoutSignature(List<String> lines) {
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (SIGNATURE.matcher(line).matches() || PHONE_FOOTER.matcher(line).matches()) {
                end = i;
                break;
            }
        }
        List<String> kept = new ArrayList<>(lines.subList(0, end));
        trimBlankEnd(kept);
        // a closing salutation, then at most four short lines (name, title, company, phone), ends the words
        int nonBlankSeen = 0;
        int cut = -1;
        for (int i = kept.size() - 1; i >= 0 && nonBlankSeen <= 5; i--) {
            String line = kept.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (SALUTATION.matcher(line.toLowerCase(Locale.ROOT)).matches() && tailIsShort(kept, i + 1)) {
                cut = i;
            }
            nonBlankSeen++;
        }
        if (cut >= 0) {
            kept = new ArrayList<>(kept.subList(0, cut));
        }
        int last = kept.size() - 1;
        if (last >= 1 && kept.get(last - 1).isBlank() && NAME.matcher(kept.get(last).strip()).matches()) {
            kept = new ArrayList<>(kept.subList(0, last));
            trimBlankEnd(kept);
        }
        return kept;
    }

    private static boolean tailIsShort(List<String> lines, int from) {
        int count = 0;
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (++count > 4 || line.length() > 60 || line.endsWith(".") && line.split("\\s+").length > 6) {
                return false;
            }
        }
        return true;
    }

    private static List<String> withoutGreeting(List<String> lines) {
        List<String> kept = new ArrayList<>(lines);
        while (!kept.isEmpty() && kept.get(0).isBlank()) {
            kept.remove(0);
        }
        if (!kept.isEmpty()) {
            String first = kept.get(0).strip();
            if (GREETING.matcher(first).matches() && first.split("\\s+").length <= 6) {
                kept.remove(0);
            }
        }
        return kept;
    }

    private static void trimBlankEnd(List<String> lines) {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
    }

    /** Lines joined, runs of blank lines made one, ends stripped. */
    static String join(List<String> lines) {
        return String.join("\n", lines).replaceAll("\n[ \\t]*(\n[ \\t]*)+", "\n\n").strip();
    }
}
