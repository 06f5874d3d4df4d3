package dev.creditdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import dev.creditdesk.intake.ParsedMail.Kind;
import dev.creditdesk.policy.RefundCategory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailParserTest {

    private static final ParseRules RULES = ParseRules.defaults(Set.copyOf(RefundCategory.wireNames()));
    private static final String CASE = "6f1c2a9e-3b4d-4e8f-9a10-2b3c4d5e6f70";

    private final MailParser parser = new MailParser();

    private ParsedMail parse(String headers, String body) {
        return parse(headers, body, RULES);
    }

    private ParsedMail parse(String headers, String body, ParseRules rules) {
        String raw = "From: Kim Doe <Kim.Doe@Example.com>\nTo: support@acme.test\nMessage-ID: <m1@example.com>\n"
                + headers + (headers.isEmpty() ? "" : "\n") + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body;
        return parser.parse(raw.getBytes(StandardCharsets.UTF_8), rules);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Refund Request", "refund request", "REFUND REQUEST", "Re: Refund Request", "RE: Refund Request",
            "Fwd: Refund Request", "FW: refund", "AW: WG: Refund Request", "TR: Demande de remboursement",
            "RV: Solicitud de reembolso", "Re: Re: RE: Fwd: refund request", "Re[2]: Refund Request",
            "[EXTERNAL] RE: Refund Request", "refund request for order A-1", "Refund", "Money back please",
            "Rückerstattung", "Erstattung meiner Bestellung", "Remboursement", "Reembolso", "Rimborso",
            "Terugbetaling", "Zwrot pieniędzy", "返金のお願い", "申请退款", "Возврат средств", "Request for a refund"})
    void subjectVariantsAreRefundRequests(String subject) {
        assertThat(parse("Subject: " + encoded(subject), "Hello.").kind()).isEqualTo(Kind.REFUND_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Thanks for the refund", "Refund received, thank you", "Question about your refund policy",
            "Hello", "Re: Your invoice", "Refunded? Danke!"})
    void subjectsThatMentionARefundWithoutAskingAreNot(String subject) {
        assertThat(parse("Subject: " + subject, "Hello, a question about my plan.").kind()).isEqualTo(Kind.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I want a refund.", "I would like a refund for my last order.", "I'd like to request a refund.",
            "Please refund my purchase.", "Could you please issue me a refund?", "Give me my money back!",
            "I want my money back.", "We are requesting a full refund.", "Je voudrais un remboursement.",
            "Ich möchte eine Rückerstattung.", "Quiero un reembolso.", "Vorrei un rimborso.", "Proszę o zwrot.",
            "返金をお願いします。", "我要退款", "Прошу вернуть деньги."})
    void aBodyThatAsksForARefundIsOne(String body) {
        assertThat(parse("Subject: Hello", body + "\n").kind()).isEqualTo(Kind.REFUND_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Thanks for the refund!", "What is your refund policy?", "The refund arrived today.",
            "Our refund rate is low this month.", "I don't need a refund, just an invoice."})
    void aBodyThatOnlyMentionsARefundIsNot(String body) {
        assertThat(parse("Subject: Hello", body + "\n").kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void aRefundAskInTheQuoteIsNotTheCustomers() {
        ParsedMail mail = parse("Subject: Re: hello", "Sounds good.\n\nOn Tue, Feb 3, 2026 at 10:12 AM Bob <b@x.example> wrote:\n"
                + "> I want a refund.\n");
        assertThat(mail.kind()).isEqualTo(Kind.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Auto-Submitted: auto-replied", "Auto-Submitted: auto-generated", "X-Autoreply: yes",
            "X-Autorespond: yes", "Precedence: bulk", "Precedence: junk", "Precedence: list", "List-Id: <news.example.com>",
            "List-Unsubscribe: <mailto:u@example.com>", "Subject: Automatic reply: Refund Request",
            "Subject: Out of Office: Refund Request", "Subject: Undeliverable: Refund Request",
            "Subject: Delivery Status Notification (Failure)", "Subject: Abwesenheitsnotiz: Refund Request",
            "Subject: Réponse automatique : Refund Request"})
    void automatedMailIsNeverARequest(String header) {
        String headers = header.startsWith("Subject:") ? header : header + "\nSubject: Refund Request";
        ParsedMail mail = parse(headers, "I want a refund.\n");
        assertThat(mail.kind()).isEqualTo(Kind.AUTOMATED);
        assertThat(mail.answerable()).isFalse();
    }

    @Test
    void autoSubmittedNoIsAPerson() {
        assertThat(parse("Auto-Submitted: no\nSubject: Refund Request", "I want a refund.\n").kind())
                .isEqualTo(Kind.REFUND_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAILER-DAEMON@mx.example.com", "postmaster@example.com", "no-reply@shop.example",
            "noreply@shop.example", "do-not-reply@shop.example"})
    void machineSendersAreAutomated(String sender) {
        String raw = "From: " + sender + "\nSubject: Refund Request\n\nI want a refund.\n";
        assertThat(parser.parse(raw.getBytes(StandardCharsets.UTF_8), RULES).kind()).isEqualTo(Kind.AUTOMATED);
    }

    @Test
    void aMultipartReportIsABounce() {
        String raw = "From: Mail System <bounces@mx.example.com>\nSubject: Refund Request\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\n"
                + "Could not deliver.\n--b\nContent-Type: message/delivery-status\n\nAction: failed\n--b--\n";
        assertThat(parser.parse(raw.getBytes(StandardCharsets.UTF_8), RULES).kind()).isEqualTo(Kind.AUTOMATED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Spam-Flag: YES", "X-Spam-Status: Yes, score=9.1", "X-Spam-Level: *******"})
    void theServersSpamVerdictWins(String header) {
        ParsedMail mail = parse(header + "\nSubject: Refund Request", "I want a refund.\n");
        assertThat(mail.kind()).isEqualTo(Kind.SPAM);
        assertThat(mail.answerable()).isFalse();
        assertThat(mail.categoryGuess()).isNull();
    }

    @Test
    void oneSpamPhraseIsNotSpamTwoAre() {
        assertThat(parse("Subject: Refund Request", "I want a refund. Click here for the screenshot.\n").kind())
                .isEqualTo(Kind.REFUND_REQUEST);
        assertThat(parse("Subject: Hello", "You have won the lottery! Click here.\n").kind()).isEqualTo(Kind.SPAM);
    }

    @Test
    void theSenderIsLowerCaseAndTheKeyIsTheMessageId() {
        ParsedMail mail = parse("Subject: Hi", "Hi\n");
        assertThat(mail.from()).isEqualTo("kim.doe@example.com");
        assertThat(mail.fromName()).isEqualTo("Kim Doe");
        assertThat(mail.messageId()).isEqualTo("<m1@example.com>");
        assertThat(mail.key()).isEqualTo("<m1@example.com>");
    }

    @Test
    void withoutMessageIdTheKeyIsTheHashOfTheBytes() {
        byte[] raw = "From: a@b.example\nSubject: x\n\nbody\n".getBytes(StandardCharsets.UTF_8);
        ParsedMail mail = parser.parse(raw, RULES);
        assertThat(mail.messageId()).isNull();
        assertThat(mail.key()).isEqualTo(MailParser.key(null, raw)).startsWith("sha256:").hasSize(7 + 64);
        assertThat(parser.parse(raw, RULES).key()).isEqualTo(mail.key());
    }

    @Test
    void threadingHeadersGiveTheirMessageIdsInOrder() {
        ParsedMail mail = parse("In-Reply-To: <b@x>\nReferences: <a@x>\n <b@x>  <a@x>", "ok\n");
        assertThat(mail.inReplyTo()).containsExactly("<b@x>");
        assertThat(mail.references()).containsExactly("<a@x>", "<b@x>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Reference: %s", "reference: %s", "REFERENCE:%s", "ref: %s", "Ref %s", "[ref: %s]",
            "> Reference: %s", ">> ref: %S"})
    void theCaseTokenIsFoundInTheBodyQuotedOrNot(String line) {
        ParsedMail mail = parse("Subject: Re: hello", "Thanks.\n\nOn Mon, Feb 2, 2026, Acme wrote:\n" + line.formatted(CASE) + "\n");
        assertThat(mail.caseToken()).isEqualTo(CASE);
    }

    @Test
    void theCaseTokenIsFoundInTheSubject() {
        assertThat(parse("Subject: Re: Your request [ref: " + CASE.toUpperCase() + "]", "ok\n").caseToken()).isEqualTo(CASE);
        assertThat(parse("Subject: hello", "My order id " + CASE + "\n").caseToken()).as("a UUID without the label").isNull();
    }

    @Test
    void tenantPatternsFindTheirOrderNumbers() {
        ParseRules rules = new ParseRules(List.of(Pattern.compile("#(\\d{6})\\b")), List.of(Pattern.compile("TX\\d{10}")),
                true, Set.of("quality"));
        ParsedMail mail = parse("Subject: Refund Request", "My order #123456 (TX0000012345) looks bad, poor quality.\n", rules);
        assertThat(mail.orderNumber()).isEqualTo("123456");
        assertThat(mail.transactionId()).isEqualTo("TX0000012345");
        assertThat(mail.categoryGuess()).isEqualTo("quality");
        assertThat(parse("Subject: Refund Request", "My order A-1234 failed.\n", rules).orderNumber()).isNull();
    }

    @Test
    void aCategoryIsGuessedOnlyAmongTheTenantsCategories() {
        ParseRules noFraud = new ParseRules(List.of(ParseRules.DEFAULT_ORDER), List.of(ParseRules.DEFAULT_TRANSACTION), true,
                Set.of("duplicate_charge", "other"));
        String body = "I did not make this purchase, and I was charged twice.\n";
        assertThat(parse("Subject: Refund Request", body).categoryGuess()).isEqualTo("fraud");
        assertThat(parse("Subject: Refund Request", body, noFraud).categoryGuess()).isEqualTo("duplicate_charge");
        assertThat(parse("Subject: Refund Request", "Please refund me.\n").categoryGuess()).isNull();
    }

    @Test
    void theDayOrderFollowsTheRules() {
        ParseRules monthFirst = new ParseRules(List.of(ParseRules.DEFAULT_ORDER), List.of(ParseRules.DEFAULT_TRANSACTION), false,
                Set.of());
        String body = "Purchase date: 04/02/2026\n";
        assertThat(parse("Subject: Refund Request", body).purchaseDate()).hasToString("2026-02-04");
        assertThat(parse("Subject: Refund Request", body, monthFirst).purchaseDate()).hasToString("2026-04-02");
        assertThat(parse("Subject: Refund Request", body, monthFirst).purchaseDateText()).isEqualTo("04/02/2026");
    }

    @Test
    void attachmentsWithoutNameGetOneAndTypesLoseTheirParameters() {
        String raw = """
                From: a@b.example
                Subject: Refund Request
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                See attached.
                --b
                Content-Type: IMAGE/PNG; x-unix-mode=0644
                Content-Disposition: attachment
                Content-Transfer-Encoding: base64

                iVBORw0KGgo=
                --b
                Content-Type: image/jpeg
                Content-ID: <img1>
                Content-Transfer-Encoding: base64

                /9j/4AAQ
                --b
                Content-Type: text/csv; name="usage.csv"
                Content-Disposition: attachment; filename="usage.csv"

                day,credits
                --b--
                """;
        ParsedMail mail = parser.parse(raw.getBytes(StandardCharsets.UTF_8), RULES);
        assertThat(mail.reason()).isEqualTo("See attached.");
        assertThat(mail.attachments()).extracting(ParsedMail.Attachment::filename, ParsedMail.Attachment::contentType,
                        ParsedMail.Attachment::inline)
                .containsExactly(tuple("attachment-1.png", "image/png", false),
                        tuple("inline-1.jpg", "image/jpeg", true),
                        tuple("usage.csv", "text/csv", false));
    }

    @Test
    void crlfAndLfLineEndingsReadTheSame() throws IOException {
        byte[] lf = corpus("10-outlook-reply-other-account.eml");
        byte[] crlf = new String(lf, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        ParsedMail fromLf = parser.parse(lf, RULES);
        ParsedMail fromCrlf = parser.parse(crlf, RULES);
        assertThat(fromCrlf.reason()).isEqualTo(fromLf.reason());
        assertThat(fromCrlf.caseToken()).isEqualTo(fromLf.caseToken()).isNotNull();
        assertThat(fromCrlf.mentionedEmails()).isEqualTo(fromLf.mentionedEmails()).isNotEmpty();
        assertThat(fromCrlf.transactionId()).isEqualTo(fromLf.transactionId()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n\n", "garbage", "From: <<<@@@>>>\n\n", "Content-Type: multipart/mixed\n\nno boundary",
            "Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain; charset=klingon\n\nhi\n--x",
            "Content-Transfer-Encoding: base64\n\n!!!not base64!!!", "Subject: =?utf-8?B?####?=\n\nx",
            "Content-Type: text/html\n\n<div><blockquote><blockquote>", "Content-Type: message/rfc822\n\n",
            "Content-Type: multipart/alternative; boundary=\"\"\n\n--\n--"})
    void malformedMessagesNeverThrow(String raw) {
        assertThatCode(() -> parser.parse(raw.getBytes(StandardCharsets.ISO_8859_1), RULES)).doesNotThrowAnyException();
        assertThat(parser.parse(raw.getBytes(StandardCharsets.ISO_8859_1), RULES).key()).isNotBlank();
    }

    @Test
    void deeplyNestedMultipartsDoNotOverflow() {
        StringBuilder raw = new StringBuilder("From: a@b.example\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n");
        for (int i = 0; i < 500; i++) {
            raw.append("--b").append(i).append("\nContent-Type: multipart/mixed; boundary=b").append(i + 1).append("\n\n");
        }
        raw.append("--b500\nContent-Type: text/plain\n\nI want a refund.\n");
        assertThatCode(() -> parser.parse(raw.toString().getBytes(StandardCharsets.UTF_8), RULES)).doesNotThrowAnyException();
    }

    @Test
    void aHugeBodyIsReadUpToItsLimits() {
        String body = "I want a refund. ".repeat(60_000) + "\nOrder number: A-9999\n";
        ParsedMail mail = parse("Subject: Hello", body);
        assertThat(mail.kind()).isEqualTo(Kind.REFUND_REQUEST);
        assertThat(mail.reason()).hasSize(MailParser.MAX_REASON_CHARS + 1).endsWith("…");
        assertThat(mail.orderNumber()).as("beyond the first 100,000 characters nothing is read").isNull();
    }

    /** Random bytes, and corpus messages cut short or with bytes flipped: parsing never throws. */
    @Test
    void randomAndDamagedMessagesNeverThrow() throws IOException {
        long seed = Long.getLong("mail.fuzz.seed", System.nanoTime());
        System.out.println("MailParserTest.randomAndDamagedMessagesNeverThrow seed=" + seed + " (rerun with -Dmail.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<byte[]> samples = List.of(corpus("06-screenshot-attachment-failed-task.eml"), corpus("08-apple-mail-inline-image.eml"),
                corpus("13-forwarded-as-attachment.eml"), corpus("23-bounce-report.eml"), corpus("37-html-gmail-reply-blockquote.eml"));
        for (int round = 0; round < 200; round++) {
            byte[] input;
            byte[] sample = samples.get(random.nextInt(samples.size()));
            switch (random.nextInt(3)) {
                case 0 -> {
                    input = new byte[random.nextInt(2000)];
                    random.nextBytes(input);
                }
                case 1 -> input = Arrays.copyOf(sample, random.nextInt(sample.length));
                default -> {
                    input = sample.clone();
                    for (int flips = random.nextInt(20); flips >= 0; flips--) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            byte[] message = input;
            int at = round;
            assertThatCode(() -> parser.parse(message, RULES)).as("round %d of seed %d", at, seed).doesNotThrowAnyException();
        }
    }

    private static String encoded(String subject) {
        return subject.chars().allMatch(c -> c < 128) ? subject
                : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private byte[] corpus(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/mail-corpus/" + name))) {
            return in.readAllBytes();
        }
    }
}
