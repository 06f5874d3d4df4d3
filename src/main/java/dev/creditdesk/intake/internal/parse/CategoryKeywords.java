package dev.creditdesk.intake.internal.parse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A refund category guessed from keywords in the subject and the customer's words: the first
 * category of this table (most specific first) with a keyword in the text that the tenant accepts.
 * docs/intake.md lists the table; keep the two in step.
 */
public final class CategoryKeywords {

    private static final Pattern CJK = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");
    private static final Map<String, Pattern> TABLE = table();

    private CategoryKeywords() {
    }

    public static @Nullable String guess(String text, Set<String> categories) {
        String normalised = text.replace('’', '\'');
        for (Map.Entry<String, Pattern> entry : TABLE.entrySet()) {
            if (categories.contains(entry.getKey()) && entry.getValue().matcher(normalised).find()) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** The keyword table, for the documentation test. */
    static Map<String, Pattern> table() {
        Map<String, Pattern> table = new LinkedHashMap<>();
        table.put("fraud", words("unauthori[sz]ed", "not authori[sz]ed", "did(?:n't| not) (?:make|authori[sz]e|buy|order) (?:this|that|these|the)",
                "never (?:made|bought|ordered|authori[sz]ed)", "don't recogni[sz]e", "do not recogni[sz]e", "stolen", "fraud\\p{L}*",
                "hacked", "someone (?:else )?used my card", "nicht autorisiert", "betrug", "frauduleu\\p{L}*", "fraude"));
        table.put("duplicate_charge", words("charged twice", "billed twice", "double[- ]charged", "double charge", "charged two times",
                "duplicate (?:charge|payment|transaction)", "two (?:identical )?charges", "paid twice", "charged me twice",
                "zweimal (?:abgebucht|belastet|berechnet)", "doppelt (?:abgebucht|belastet|berechnet)", "débité deux fois",
                "deux fois", "cobr\\p{L}* dos veces", "cobro duplicado", "два раза", "дважды", "二重", "两次", "addebitato due volte", "twee keer"));
        table.put("failed_task", words("(?:generation|task|job|render|upscale|export|video|image)s? (?:has |have )?(?:failed|crashed|errored)",
                "failed (?:generation|task|job|render)", "failed but", "never finished", "stuck (?:at|on|in)", "timed out",
                "error (?:during|while|when) generat\\p{L}*", "no output", "(?:credits|tokens) were (?:deducted|used|taken|charged) (?:but|for nothing|even though)",
                "(?:kept|keeps|keep) (?:failing|crashing)",
                "fehlgeschlagen", "abgebrochen", "a échoué", "falló", "fallita", "mislukt", "失敗", "失败", "ошибк\\p{L}*"));
        table.put("not_delivered", words("never received", "did(?:n't| not) receive", "have(?:n't| not) received", "not delivered",
                "never (?:got|arrived)", "(?:credits|tokens) (?:never|did(?:n't| not)) (?:arrive|show up|appear)",
                "not (?:been )?credited", "nicht erhalten", "nie erhalten", "pas reçu", "no (?:he )?recibido", "non ho ricevuto",
                "niet ontvangen"));
        table.put("billing_error", words("wrong amount", "incorrect amount", "overcharged", "charged (?:me )?(?:more|the wrong|too much)",
                "wrong price", "wrong currency", "billed (?:wrongly|incorrectly)", "billing (?:error|mistake)", "pricing error",
                "falscher betrag", "zu viel berechnet", "montant incorrect", "importe incorrecto", "importo sbagliato"));
        table.put("service_unavailable", words("outage", "(?:service|site|website|app|platform|server)s? (?:was |were |is |has been )?"
                + "(?:down|unavailable|offline|not working)", "could(?:n't| not) (?:access|use) (?:the )?(?:service|site|app|platform)",
                "503", "nicht erreichbar", "ausgefallen", "indisponible", "no disponible", "non disponibile", "niet beschikbaar", "nie działa\\p{L}*", "не работал\\p{L}*"));
        table.put("legal_right", words("right of withdrawal", "withdrawal right", "withdraw from (?:the|this|my) (?:contract|purchase)",
                "cooling[- ]off", "consumer (?:law|rights?|protection)", "14[- ]day", "fourteen days", "14 days", "statutory",
                "widerruf\\p{L}*", "rétractation", "desistimiento", "diritto di recesso", "herroepingsrecht", "odstąpieni\\p{L}*"));
        table.put("cancellation", words("cancel(?:l)?ed", "cancel(?:l)?ing", "cancel my", "cancellation", "auto[- ]?renew\\p{L}*",
                "renewed (?:without|automatically)", "unsubscribe\\p{L}*", "gekündigt", "kündigung", "annulé", "résili\\p{L}*",
                "cancelad[oa]", "cancelación", "disdett\\p{L}*", "annullat\\p{L}*", "opgezegd", "anulowa\\p{L}*"));
        table.put("partial_use", words("only used", "used only", "partially used", "used (?:some|a few|a little|part|half)",
                "barely used", "hardly used", "nur (?:teilweise|wenig) genutzt", "utilisé (?:qu'une partie|partiellement)"));
        table.put("unused_credits", words("have(?:n't| not) used", "never used", "unused", "did(?:n't| not) use", "not used (?:any|them|it)",
                "none of (?:the|my) credits", "nicht (?:genutzt|benutzt|verwendet)", "pas utilisé", "no (?:los )?he usado",
                "non (?:li )?ho usat[oi]", "niet gebruikt", "nie (?:użył\\p{L}*|wykorzysta\\p{L}*)",
                "(?:credits|tokens) (?:have |had )?expired", "before i could use", "未使用", "没有使用", "не использовал\\p{L}*"));
        table.put("quality", words("quality", "poor results?", "bad results?", "terrible", "blurry", "unusable", "garbage",
                "(?:results|images|output|videos?) (?:were|are|was|is) (?:bad|awful|poor|wrong|distorted|useless)", "artifacts",
                "does(?:n't| not) look like", "nothing like", "qualität", "qualité", "calidad", "qualità", "kwaliteit"));
        table.put("account_error", words("locked out", "can(?:'t|not) log ?in", "could(?:n't| not) log ?in", "wrong account",
                "account (?:was |is )?(?:banned|suspended|blocked|deleted|closed)", "two accounts", "merged", "login (?:problem|issue)",
                "konto gesperrt", "compte bloqué", "cuenta bloqueada"));
        table.put("change_of_mind", words("changed my mind", "change of mind", "no longer (?:need|want)", "do(?:n't| not) (?:need|want) (?:it|them|this)",
                "by (?:mistake|accident)", "accidentally", "mistakenly", "bought the wrong", "meant to (?:buy|order)", "wrong (?:plan|pack|package)",
                "versehentlich", "aus versehen", "par erreur", "por error", "per errore", "per ongeluk", "przez pomyłkę"));
        return table;
    }

    /** Whole words; Chinese and Japanese phrases anywhere (those scripts do not put spaces between words). */
    private static Pattern words(String... phrases) {
        List<String> spaced = Arrays.stream(phrases).filter(phrase -> !CJK.matcher(phrase).find()).toList();
        List<String> unspaced = Arrays.stream(phrases).filter(phrase -> CJK.matcher(phrase).find()).toList();
        String pattern = "(?<![\\p{L}\\d])(?:" + String.join("|", spaced) + ")(?![\\p{L}])"
                + (unspaced.isEmpty() ? "" : "|" + String.join("|", unspaced));
        return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
