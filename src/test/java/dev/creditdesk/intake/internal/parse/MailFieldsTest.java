package dev.creditdesk.intake.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.intake.ParseRules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailFieldsTest {

    private static final List<Pattern> ORDER = List.of(ParseRules.DEFAULT_ORDER);

    @ParameterizedTest
    @ValueSource(strings = {"Order number: A-2222", "Order #A-2222", "Order #: A-2222", "order no. A-2222", "Order ID: A-2222",
            "- Order: A-2222", "Bestellnummer: A-2222", "Numéro de commande : A-2222", "Número de pedido: A-2222",
            "Order number is A-2222"})
    void aLabelledOrderNumberWinsOverAnEarlierOne(String labelled) {
        String text = "I have two orders, A-1111 and another one.\n" + labelled + "\n";
        assertThat(MailFields.byPatterns(ORDER, false, text)).isEqualTo("A-2222");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // unbounded, it would run for centuries
    void aTenantPatternThatBacktracksForeverFindsNothingAndTheOthersStillMatch() {
        List<Pattern> patterns = List.of(Pattern.compile("(x+x+)+y"), ParseRules.DEFAULT_ORDER);
        String text = "x".repeat(64) + " and my order is A-5555";
        assertThat(MailFields.byPatterns(patterns, false, text)).isEqualTo("A-5555");
    }

    @Test
    void withoutLabelTheFirstMatchOfAnyTextInOrder() {
        assertThat(MailFields.byPatterns(ORDER, false, "nothing here", "it was B-3333 or C-4444")).isEqualTo("B-3333");
        assertThat(MailFields.byPatterns(ORDER, false, "nothing", "nothing either")).isNull();
    }

    @Test
    void aTenantPatternGivesItsFirstGroupOrTheWholeMatch() {
        List<Pattern> grouped = List.of(Pattern.compile("(?i)\\border[- ]?(\\d{6})\\b"));
        assertThat(MailFields.byPatterns(grouped, false, "see ORDER-123456 please")).isEqualTo("123456");
        List<Pattern> whole = List.of(Pattern.compile("INV\\d{4}"), Pattern.compile("\\bA-\\d{4}"));
        assertThat(MailFields.byPatterns(whole, false, "A-9999 then INV1234")).as("the earliest of the patterns")
                .isEqualTo("A-9999");
        assertThat(MailFields.byPatterns(List.of(ParseRules.DEFAULT_TRANSACTION), true,
                "the first one, ch_3AbCdEfGh12, was refunded.\nTransaction ID: pi_3ZyXwVuT98")).isEqualTo("pi_3ZyXwVuT98");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Task ID: t_93kd", "task id t_93kd", "The generation id is t_93kd.", "Job ID: t_93kd",
            "generation ID = \"t_93kd\"", "Task-ID: t_93kd"})
    void aTaskIdFollowsItsLabel(String text) {
        assertThat(MailFields.taskId(text)).isEqualTo("t_93kd");
    }

    @Test
    void aTaskIdHasADigit() {
        assertThat(MailFields.taskId("the task id is unknown to me")).isNull();
        assertThat(MailFields.taskId("I tried another task. Id like a refund")).isNull();
    }

    @Test
    void onlyAddressesNamedAsTheAccountAreMentioned() {
        String text = "Account email: one@example.com\nmy account is two@example.com, I am registered with three@example.com"
                + " and signed up using four@example.com. My colleague five@example.com agrees. Write to me@example.com.";
        assertThat(MailFields.accountAddresses(text, "me@example.com"))
                .containsExactly("one@example.com", "two@example.com", "three@example.com", "four@example.com");
        assertThat(MailFields.accountAddresses("My account email is Me@Example.com", "me@example.com")).isEmpty();
    }

    @Test
    void forwardedAuthorsLeaveOutTheSenderAndMachines() {
        assertThat(MailFields.forwardedAuthors(new java.util.LinkedHashSet<>(List.of("me@x.example", "receipts@shop.example",
                "no-reply@shop.example", "friend@x.example")), "me@x.example")).containsExactly("friend@x.example");
    }
}
