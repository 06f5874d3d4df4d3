package dev.creditdesk.intake.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerWordsTest {

    private static final String WORDS = "My order failed and I want a refund.";

    @ParameterizedTest
    @ValueSource(strings = {
            "On Tue, Feb 3, 2026 at 10:12 AM Acme Support <support@acme.test> wrote:\n> Hello\n> Reference: x",
            "On Tue, Feb 3, 2026 at 10:12 AM Acme Support <\nsupport@acme.test> wrote:\n\n> Hello",
            "On 3 Feb 2026, at 10:12, Acme Support <support@acme.test> wrote:\n> Hello",
            "Am 03.02.2026 um 10:12 schrieb Acme Support <support@acme.test>:\n> Hallo",
            "Le mar. 3 févr. 2026 à 10:12, Acme Support <support@acme.test> a écrit :\n> Bonjour",
            "-----Original Message-----\nFrom: Acme Support\nSent: Tuesday\n\nHello",
            "From: Acme Support <support@acme.test>\nSent: Tuesday, February 3, 2026 10:12 AM\nTo: me\nSubject: x\n\nHello",
            "Von: Acme Support <support@acme.test>\nGesendet: Dienstag, 3. Februar 2026 10:12\nAn: ich\n\nHallo",
            "________________________________\nFrom: Acme Support\nHello",
            "---------- Forwarded message ---------\nFrom: Someone <s@x.example>\nDate: today\n\nOld text",
            "Begin forwarded message:\n\nFrom: Someone <s@x.example>\n\nOld text",
            "> Hello\n> Reference: x"})
    void quotedAndForwardedTextIsNotTheCustomers(String quote) {
        assertThat(CustomerWords.of(WORDS + "\n\n" + quote + "\n")).isEqualTo(WORDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-- \nJane Doe\nACME Corp\nhttps://acme.example", "--\nJane", "Sent from my iPhone",
            "Sent from my Galaxy", "Get Outlook for iOS", "Von meinem iPhone gesendet", "Envoyé de mon iPhone",
            "Thanks,\nJane", "Thanks, Jane", "Best regards,\nJane Doe\nSenior Analyst | ACME Corp\n+44 20 7946 0000",
            "Kind regards\nJane", "Mit freundlichen Grüßen\nJane Doe", "Cordialement,\nJeanne", "Saludos,\nJuana",
            "Pozdrawiam\nJan", "С уважением,\nИван", "Cheers!", "Jane"})
    void signaturesAndClosingsAreNotTheCustomersWords(String signature) {
        assertThat(CustomerWords.of(WORDS + "\n\n" + signature + "\n")).isEqualTo(WORDS);
    }

    @Test
    void aSentenceThatStartsWithThanksIsKept() {
        String body = "Thanks for looking into this.\nThe generation failed twice and I would like my credits back.\n";
        assertThat(CustomerWords.of(body)).isEqualTo(body.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hi,", "Hello Support Team,", "Dear Sir or Madam,", "Hallo,", "Bonjour,", "Hola,", "Guten Tag,"})
    void aGreetingLineIsLeftOut(String greeting) {
        assertThat(CustomerWords.of(greeting + "\n\n" + WORDS)).isEqualTo(WORDS);
    }

    @Test
    void aGreetingWithTheRequestOnTheSameLineIsKept() {
        assertThat(CustomerWords.of("Hi, I want a refund for order A-1234.")).isEqualTo("Hi, I want a refund for order A-1234.");
    }

    @Test
    void theReasonFieldWinsAndFieldLinesAreLeftOut() {
        String body = "Hello,\n\nOrder number: A-1234\nPurchase date: 4 Feb 2026\nReason: I was charged twice,\n"
                + "once on each card.\n\nTask ID: t-123\n\nThanks,\nAnna\n";
        assertThat(CustomerWords.reason(body)).isEqualTo("I was charged twice,\nonce on each card.");
        assertThat(CustomerWords.reason("Order number: A-1234\nTransaction ID: pi_123456789\nThe images were blurry.\n"))
                .isEqualTo("The images were blurry.");
    }

    @Test
    void answersBetweenQuotedLinesStay() {
        String body = "Acme Support wrote:\n> What is the order number?\n\nA-45045\n\n> When did you buy it?\n\n5 Feb 2026\n";
        assertThat(CustomerWords.reason(body)).isEqualTo("A-45045\n\n5 Feb 2026");
    }
}
