package dev.creditdesk.intake.internal.parse;

import java.util.regex.Pattern;

/**
 * Whether a person asks for a refund: by the subject ("Refund Request" and its everyday variants,
 * after reply and forward prefixes) or by a sentence of the body that asks for one. Mentioning a
 * refund is not asking for one ("thanks for the refund", "our refund policy").
 */
public final class RefundAsk {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** Reply and forward prefixes in the languages mail clients write them, and bracketed tags ("[EXTERNAL]"). */
    private static final Pattern PREFIXES = Pattern.compile("^(?:\\s*(?:(?:re|aw|wg|fw|fwd|tr|rv|sv|vs|antw|antwort|enc|res"
            + "|odp|pd|ynt|ilt|vl|vb|doorst|r|i|回复|回覆|转发|答复|返信|転送)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]"
            + "|\\[[^\\]]{0,40}\\]))+\\s*", FLAGS);
    private static final Pattern SUBJECT = Pattern.compile("(?<!\\p{L})(?:refund\\w*|money\\s+back|rembours\\w*"
            + "|r(?:ü|ue)ckerstattung|erstattung|r(?:ü|ue)ckzahlung|geld\\s+zur(?:ü|ue)ck|reembols\\w*|rimbors\\w*"
            + "|terugbetal\\w*|geld\\s+terug|zwrot\\w*|estorno|återbetalning|refusion|hyvitys|para\\s+iadesi|iade)"
            + "|返金|退款|返還|환불|возврат\\w*|вернуть\\s+деньги", FLAGS);
    /** Subjects that name a refund without asking for one. */
    private static final Pattern SUBJECT_NOT_ASKING = Pattern.compile("(?<!\\p{L})(?:thanks?|thank\\s+you|danke|merci"
            + "|gracias|grazie|bedankt|dziękuję|received|processed|issued|confirmation|confirmed|policy|policies"
            + "|newsletter|erhalten|reçu|recibido|ricevuto|ontvangen)(?!\\p{L})", FLAGS);
    private static final Pattern BODY = Pattern.compile(String.join("|",
            "\\b(?:i|we)(?:'d|'m| would| am| are| will)?\\s+(?:like|love|want|wish|need|request|demand|expect|ask(?:ing)?\\s+for"
                    + "|requesting|writing\\s+to\\s+(?:request|ask\\s+for)|hereby\\s+request|kindly\\s+request|would\\s+like)"
                    + "(?:\\s+to\\s+(?:get|have|receive|request|ask\\s+for|claim))?\\s+(?:a|an|my|the|full|partial|complete|"
                    + "\\s)*refund",
            "\\b(?:please|pls|kindly)\\s+(?:issue\\s+(?:me\\s+)?(?:a\\s+)?|process\\s+(?:a\\s+|my\\s+)?|give\\s+me\\s+(?:a\\s+)?)?refund",
            "\\b(?:can|could|would|will|may)\\s+(?:i|you|we)\\s+(?:please\\s+)?(?:get|have|receive|issue|process|be\\s+given)"
                    + "\\s+(?:me\\s+|us\\s+)?(?:a|an|my|the|full|partial|\\s)*refund",
            "\\brefund\\s+(?:me|my\\s+(?:money|purchase|payment|order|credits)|the\\s+(?:full\\s+)?(?:amount|charge|payment))\\b",
            "\\b(?:give|send|pay)\\s+(?:me\\s+)?(?:back\\s+)?my\\s+money(?:\\s+back)?\\b",
            "\\b(?:i\\s+)?want\\s+my\\s+money\\s+back\\b",
            "\\brequest(?:ing)?\\s+(?:a|an|my|for\\s+a)\\s+(?:full\\s+|partial\\s+)?refund\\b",
            "\\bi\\s+(?:am\\s+)?(?:asking|applying)\\s+for\\s+(?:a\\s+)?refund",
            "(?:je|nous)\\s+(?:voudrais|souhaite|souhaiterais|demande|aimerais|veux)\\s+(?:un|le|être|mon|à\\s+être)?\\s*rembours",
            "\\bremboursez[- ]moi|\\bmerci\\s+de\\s+(?:me\\s+)?rembourser",
            "\\bich\\s+(?:möchte|moechte|hätte\\s+gerne|will|bitte\\s+um|fordere|verlange)\\s+(?:gerne\\s+|bitte\\s+)?(?:eine\\s+|die\\s+|mein\\s+geld)?\\s*"
                    + "(?:r(?:ü|ue)ckerstattung|erstattung|zur(?:ü|ue)ck)",
            "\\bbitte\\s+(?:um\\s+)?(?:(?:eine|die)\\s+)?(?:r(?:ü|ue)ckerstattung|erstattung|erstatten)",
            "\\b(?:quiero|quisiera|solicito|pido|me\\s+gustaría|necesito)\\s+(?:un|el|mi|que\\s+me\\s+devuelvan)?\\s*(?:reembolso|dinero)",
            "\\b(?:vorrei|chiedo|richiedo|voglio)\\s+(?:un|il|lo|essere)?\\s*rimbors",
            "\\bik\\s+(?:wil|zou\\s+graag|vraag)\\s+(?:graag\\s+)?(?:een\\s+|mijn\\s+)?(?:terugbetaling|geld\\s+terug|restitutie)",
            "\\bproszę\\s+o\\s+zwrot", "\\bchcę\\s+zwrot",
            "返金(?:を)?(?:お願い|して(?:ください|下さい)|希望|を希望|を求め)", "(?:申请|要求|我要|请|希望)退款",
            "прошу\\s+(?:вернуть|возврат|оформить\\s+возврат)", "верните\\s+(?:мне\\s+)?деньги",
            "\\b(?:quero|gostaria\\s+de)\\s+(?:um\\s+|o\\s+)?(?:reembolso|estorno)"), FLAGS);

    private RefundAsk() {
    }

    /** The subject without its reply and forward prefixes. */
    public static String withoutPrefixes(String subject) {
        return PREFIXES.matcher(subject).replaceFirst("").strip();
    }

    public static boolean bySubject(String subject) {
        String core = withoutPrefixes(subject);
        return SUBJECT.matcher(core).find() && !SUBJECT_NOT_ASKING.matcher(core).find();
    }

    /** Whether the customer's own words (no quotes, no signature) ask for a refund. */
    public static boolean byBody(String ownWords) {
        return BODY.matcher(ownWords.replace('’', '\'')).find();
    }
}
