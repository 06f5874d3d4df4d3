package dev.creditdesk.intake.internal.parse;

import java.util.regex.Pattern;

/**
 * The labels customers write before each fact ("Order number: A-1234"), in the languages the
 * shipped policies' customers write in. Matched case-insensitively at the start of a line, with or
 * without a list bullet, before a {@code :} or {@code #}.
 */
final class Labels {

    static final String ORDER = "(?:order|bestell|commande|pedido|ordine|bestelling|zamówieni[ae])"
            + "(?:[ -]?(?:number|no\\.?|nr\\.?|num(?:ber|éro)?|id|nummer|ref(?:erence)?))?|order\\s*#"
            + "|(?:numéro|número|numero|n°)\\s+(?:de\\s+|d'|di\\s+)?(?:commande|pedido|ordine)|bestellnummer"
            + "|bestelnummer|numer\\s+zamówienia|注文番号|订单号|订单编号";
    static final String TRANSACTION = "(?:transaction|payment|charge|transaktions?|transacción|transazione|transactie"
            + "|paiement|pago|zahlungs?)[ -]?(?:id|number|no\\.?|ref(?:erence)?|nummer)?|txn(?:\\s*id)?"
            + "|(?:id|identifiant)\\s+de\\s+(?:transaction|transacción|paiement)|取引ID|交易号";
    static final String DATE = "purchase\\s+date|date\\s+of\\s+(?:purchase|order|payment)|order\\s+date|payment\\s+date"
            + "|kaufdatum|bestelldatum|date\\s+d'achat|date\\s+de\\s+(?:commande|l'achat)|fecha\\s+de\\s+(?:compra|pedido)"
            + "|data\\s+(?:di\\s+acquisto|dell'ordine|zakupu)|aankoopdatum|besteldatum|購入日|购买日期";
    static final String TASK = "(?:task|generation|job|render)[ _-]?(?:id|identifier|#)";
    static final String ACCOUNT = "(?:account|login|registered|konto|compte|cuenta|account-?)\\s*(?:e-?mail|address)"
            + "(?:\\s+address)?|e-?mail\\s+(?:address\\s+)?(?:of|on|for)\\s+(?:my|the)\\s+account|account"
            + "|konto-?e-?mail|e-?mail(?:-adresse)?\\s+(?:des|du|de\\s+la)\\s+(?:kontos|compte|cuenta)";
    static final String REASON = "reason(?:\\s+for\\s+(?:the\\s+)?refund)?|grund|raison|motif|motivo|reden|powód|理由|原因";

    /** A line that is a field, not the customer's words: "Order number: A-1", "- Purchase date: …". */
    static final Pattern FIELD_LINE = Pattern.compile("^\\s*[-*•]?\\s*\\**(?:" + ORDER + "|" + TRANSACTION + "|" + DATE
            + "|" + TASK + "|" + ACCOUNT + "|e-?mail|name|product|plan|amount|betrag|montant|importe)\\**\\s*[:#：]",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    static final Pattern REASON_LINE = Pattern.compile("^\\s*[-*•]?\\s*\\**(?:" + REASON + ")\\**\\s*[:：]\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private Labels() {
    }

    /** A label, then up to a few separator characters, then the value (group "value"). */
    static Pattern labelled(String labels) {
        return Pattern.compile("(?:^|[\\s(>*•-])(?:" + labels + ")(?![\\p{L}])\\**\\s*(?:is\\s+|was\\s+)?[:#=：]?\\s*(?<value>[^\\n]{0,120})",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE);
    }
}
