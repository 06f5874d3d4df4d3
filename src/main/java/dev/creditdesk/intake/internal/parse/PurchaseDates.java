package dev.creditdesk.intake.internal.parse;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Purchase dates as customers write them: {@code 2026-02-04}, {@code 2026/02/04}, {@code Feb 4, 2026},
 * {@code February 4th 2026}, {@code 4 February 2026}, {@code 4. Februar 2026}, {@code 4 de febrero de 2026},
 * {@code 2026年2月4日}, and the numeric {@code 04/02/2026}, {@code 4.2.2026}, {@code 04-02-26}, read day
 * first or month first by the tenant's rule (a part above 12 settles it either way). A date without a
 * year is not read: the parser cannot know which year was meant. A labelled date ("Purchase date:",
 * "bought on", "purchased on", "date of purchase", "order date"…) wins over the first date in the text.
 */
public final class PurchaseDates {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Map<String, Integer> MONTHS = months();
    private static final String MONTH = "(?<month>" + String.join("|", MONTHS.keySet().stream()
            .sorted((a, b) -> b.length() - a.length()).toList()) + ")\\.?";
    private static final String DAY_SUFFIX = "(?:st|nd|rd|th|er|\\.|º)?";
    private static final Pattern[] FORMATS = {
            Pattern.compile("(?<![\\d/.-])(?<y>\\d{4})[-/.](?<m>\\d{1,2})[-/.](?<d>\\d{1,2})(?![\\d/.-]*\\d)", FLAGS),
            Pattern.compile("(?<y>\\d{4})\\s*年\\s*(?<m>\\d{1,2})\\s*月\\s*(?<d>\\d{1,2})\\s*日"),
            Pattern.compile("(?<![\\d/.-])(?<a>\\d{1,2})[/.-](?<b>\\d{1,2})[/.-](?<y>\\d{4}|\\d{2})(?![\\d/-]|\\.\\d)"),
            Pattern.compile("(?<!\\p{L})" + MONTH + "\\s+(?<d>\\d{1,2})" + DAY_SUFFIX + ",?\\s+(?<y>\\d{4})(?!\\d)", FLAGS),
            Pattern.compile("(?<![\\d\\p{L}])(?<d>\\d{1,2})" + DAY_SUFFIX + "\\s*(?:of\\s+|de\\s+)?" + MONTH
                    + ",?\\s+(?:de\\s+)?(?<y>\\d{4})(?!\\d)", FLAGS),
    };
    private static final Pattern LABEL = Pattern.compile("(?:" + Labels.DATE + "|(?:bought|purchased|paid|ordered|charged"
            + "|subscribed|gekauft|bestellt|acheté|commandé|payé|comprado|pagado|acquistato|pagato|gekocht|besteld"
            + "|kupiłem|kupiłam)(?:\\s+[^\\s:]{1,20}){0,6}?\\s+(?:on|am|le|el|il|op|dnia)|(?:on|am|le|el|il|op)\\s+(?=\\S+\\s+"
            + "(?:bought|purchased|paid|ordered|gekauft|bestellt|acheté|comprado|acquistato|gekocht)))[\\s:*]*", FLAGS);

    /** An unlabelled date right after these words is when something ends or was cancelled, not a purchase. */
    private static final Pattern NOT_PURCHASE = Pattern.compile("(?:until|till|through|by|before|after|since|cancel+ed"
            + "|cancel+ed\\s+\\S+(?:\\s+\\S+)?\\s+on|expires?|expired|bis(?:\\s+einschließlich|\\s+zum)?|jusqu'(?:au|à)|hasta(?:\\s+el)?"
            + "|fino\\s+al|tot(?:\\s+en\\s+met)?|do)\\s*(?:the\\s+|le\\s+|el\\s+|den\\s+)?$", FLAGS);

    private PurchaseDates() {
    }

    /** A date read from the text, and the text as written. */
    public record Found(LocalDate date, String text) {
    }

    /** The labelled date in the text, else the first date in {@code fallbackText}, else null. */
    public static @Nullable Found find(String labelledText, String fallbackText, boolean dayFirst) {
        Matcher label = LABEL.matcher(labelledText);
        while (label.find()) {
            String after = labelledText.substring(label.end(), Math.min(labelledText.length(), label.end() + 40));
            Found found = first(after, dayFirst, true);
            if (found != null) {
                return found;
            }
        }
        return first(fallbackText, dayFirst, false);
    }

    /** The first date in the text (at its start when {@code anchored}: right after a label). */
    static @Nullable Found first(String text, boolean dayFirst, boolean anchored) {
        Found best = null;
        int bestStart = Integer.MAX_VALUE;
        for (int format = 0; format < FORMATS.length; format++) {
            Matcher matcher = FORMATS[format].matcher(text);
            while (matcher.find()) {
                if (matcher.start() >= bestStart) {
                    break;
                }
                if (anchored && !text.substring(0, matcher.start()).isBlank()
                        && !text.substring(0, matcher.start()).strip().matches("(?i)(?:the|der|den|le|el|il|de|on|:|-)")) {
                    break;
                }
                LocalDate date = toDate(format, matcher, dayFirst);
                if (date != null && !anchored
                        && NOT_PURCHASE.matcher(text.substring(Math.max(0, matcher.start() - 60), matcher.start())).find()) {
                    continue;
                }
                if (date != null) {
                    best = new Found(date, matcher.group().strip());
                    bestStart = matcher.start();
                    break;
                }
            }
        }
        return best;
    }

    private static @Nullable LocalDate toDate(int format, Matcher matcher, boolean dayFirst) {
        try {
            return switch (format) {
                case 0, 1 -> LocalDate.of(year(matcher.group("y")), Integer.parseInt(matcher.group("m")),
                        Integer.parseInt(matcher.group("d")));
                case 2 -> numeric(Integer.parseInt(matcher.group("a")), Integer.parseInt(matcher.group("b")),
                        year(matcher.group("y")), dayFirst);
                default -> LocalDate.of(year(matcher.group("y")), MONTHS.get(matcher.group("month").toLowerCase(Locale.ROOT)),
                        Integer.parseInt(matcher.group("d")));
            };
        } catch (DateTimeException | NullPointerException | NumberFormatException notADate) {
            return null;
        }
    }

    private static LocalDate numeric(int a, int b, int year, boolean dayFirst) {
        boolean readDayFirst = a > 12 || (dayFirst && b <= 12);
        return readDayFirst ? LocalDate.of(year, b, a) : LocalDate.of(year, a, b);
    }

    private static int year(String written) {
        int year = Integer.parseInt(written);
        if (written.length() == 2) {
            year += 2000;
        }
        if (year < 1990 || year > 2199) {
            throw new DateTimeException("not a purchase year: " + written);
        }
        return year;
    }

    private static Map<String, Integer> months() {
        Map<String, Integer> months = new HashMap<>();
        String[][] names = {
                {"january", "jan", "januar", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari", "stycznia", "janeiro"},
                {"february", "feb", "februar", "février", "fevrier", "févr", "fév", "febrero", "febbraio", "februari", "lutego", "fevereiro", "fev"},
                {"march", "mar", "märz", "maerz", "mars", "marzo", "maart", "marca", "março", "mär"},
                {"april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia"},
                {"may", "mai", "mayo", "maggio", "mag", "mei", "maja", "maio"},
                {"june", "jun", "juni", "juin", "junio", "giugno", "giu", "czerwca", "junho"},
                {"july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "lipca", "julho"},
                {"august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpnia"},
                {"september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "września", "setembro"},
                {"october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "października", "outubro", "out"},
                {"november", "nov", "novembre", "noviembre", "listopada", "novembro"},
                {"december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "grudnia", "dezembro"},
        };
        for (int month = 0; month < names.length; month++) {
            for (String name : names[month]) {
                months.put(name, month + 1);
            }
        }
        return Map.copyOf(months);
    }
}
