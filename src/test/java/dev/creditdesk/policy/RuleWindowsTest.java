package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Windows on rules: each rule answers to the policy's window, to none, or to its own; exact hours;
 * requests dated before what a window counts from; anchors that did not happen; business days;
 * and the engine's guards (no refund of nothing that removes credits, no empty window step).
 */
class RuleWindowsTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant PURCHASED = Instant.parse("2026-06-30T14:00:00Z"); // Tuesday 10:00 in New York

    private final PolicyDocuments documents = PolicyDocuments.standard();

    private static final String HEAD = """
            id: test
            version: "1"
            effective_from: 2026-01-01T00:00:00Z
            review_sla_business_days: 2
            """;

    private static final String MIXED = HEAD + """
            request_window: {calendar_days: 14, cite: "7. within 14 days"}
            rules:
              - id: fraud
                cite: "1. fraud, any time"
                window: none
                when: request.category == "fraud"
                outcome: full_refund
              - id: pro-72h
                cite: "3. Pro: 72 hours from the latest charge"
                window: {hours: 72, from: charge}
                when: order.plan == "pro"
                outcome: full_refund
                decide: automatic
              - id: ordinary
                cite: "7. the unused credits"
                when: order.unused > 0
                outcome: partial_refund
                amount: prorate(order.net, order.unused, order.credits)
                decide: automatic
            """;

    private static Facts.Builder facts(Instant requestedAt) {
        return Facts.builder(NEW_YORK, requestedAt)
                .anchor(Anchor.PURCHASE, PURCHASED)
                .put("request", "category", "change_of_mind")
                .put("order", "plan", "basic")
                .put("order", "net", new BigDecimal("20.00"))
                .put("order", "total", new BigDecimal("20.00"))
                .put("order", "credits", 1000L)
                .put("order", "used", 250L);
    }

    private Decision evaluate(String yaml, Facts facts) {
        return documents.load("p.yaml", yaml).evaluate(facts);
    }

    @Test
    void aRuleWithoutAWindowDeadlineStillMatchesAfterThePolicysWindowClosed() {
        Instant yearLater = Instant.parse("2027-06-30T14:00:00Z");
        Decision fraud = evaluate(MIXED, facts(yearLater).put("request", "category", "fraud").build());
        assertThat(fraud.ruleId()).isEqualTo("fraud");
        assertThat(fraud.outcome()).isEqualTo(Outcome.FULL_REFUND);
        assertThat(fraud.trace().get(0)).isEqualTo(new Decision.Step("request-window", "7. within 14 days", false, true));

        Decision ordinary = evaluate(MIXED, facts(yearLater).build());
        assertThat(ordinary.ruleId()).isEqualTo("request-window");
        assertThat(ordinary.outcome()).isEqualTo(Outcome.NO_REFUND);
        assertThat(ordinary.cite()).isEqualTo("7. within 14 days");
        assertThat(ordinary.automatic()).isTrue();
        assertThat(ordinary.note()).isEqualTo("The request came after the window closed.");
        assertThat(ordinary.trace()).containsExactly(
                new Decision.Step("request-window", "7. within 14 days", true, true),
                new Decision.Step("fraud", "1. fraud, any time", false, false),
                new Decision.Step("pro-72h", "3. Pro: 72 hours from the latest charge", false, false),
                new Decision.Step("ordinary", "7. within 14 days", false, true));
        assertThat(ordinary.toJson().get("trace").toString()).contains("window_closed=true");
    }

    @Test
    void anHoursWindowFromTheLatestChargeIsExactToTheSecond() {
        Instant charged = Instant.parse("2026-07-10T13:00:00Z");
        Decision inside = evaluate(MIXED, facts(charged.plusSeconds(72 * 3600)).anchor(Anchor.CHARGE, charged)
                .put("order", "plan", "pro").build());
        assertThat(inside.ruleId()).isEqualTo("pro-72h");

        Decision outside = evaluate(MIXED, facts(charged.plusSeconds(72 * 3600 + 1)).anchor(Anchor.CHARGE, charged)
                .put("order", "plan", "pro").build());
        // its own window closed: the rule does not match, and the next rule decides (within 14 days of the purchase)
        assertThat(outside.ruleId()).isEqualTo("ordinary");
        assertThat(outside.trace()).contains(
                new Decision.Step("pro-72h", "3. Pro: 72 hours from the latest charge", false, true));
    }

    @Test
    void aRuleWindowCitesTheRuleUnlessItSaysOtherwise() {
        Policy policy = documents.load("p.yaml", HEAD + """
                rules:
                  - id: a
                    cite: "1. the rule's clause"
                    window: {calendar_days: 3}
                    when: "true"
                    outcome: no_refund
                  - id: b
                    cite: "2. another clause"
                    window: {hours: 48, from: subscription_start, cite: "2. its own window clause"}
                    when: "true"
                    outcome: no_refund
                  - id: c
                    cite: "3. no deadline"
                    window: none
                    when: "true"
                    outcome: no_refund
                  - id: d
                    cite: "4. the policy's window, if any"
                    when: "true"
                    outcome: no_refund
                """).policy();
        assertThat(policy.rules().get(0).window()).isEqualTo(new Policy.RuleWindow.Own(
                new Policy.RequestWindow(3, Policy.RequestWindow.Unit.CALENDAR_DAYS, Anchor.PURCHASE, "1. the rule's clause")));
        assertThat(policy.rules().get(1).window()).isEqualTo(new Policy.RuleWindow.Own(
                new Policy.RequestWindow(48, Policy.RequestWindow.Unit.HOURS, Anchor.SUBSCRIPTION_START,
                        "2. its own window clause")));
        assertThat(policy.rules().get(2).window()).isEqualTo(Policy.RuleWindow.NONE);
        assertThat(policy.rules().get(3).window()).isEqualTo(Policy.RuleWindow.POLICY);
        assertThat(policy.usesBusinessDays()).isFalse();
    }

    @Test
    void aWrongRuleWindowIsNamedWithItsRuleAndLine() {
        PolicyException e = (PolicyException) org.assertj.core.api.Assertions.catchThrowable(() -> documents.load(
                "p.yaml", HEAD + """
                        rules:
                          - id: never
                            cite: "x"
                            window: never
                            when: "true"
                            outcome: no_refund
                          - id: two-units
                            cite: "x"
                            window: {hours: 3, calendar_days: 2}
                            when: "true"
                            outcome: no_refund
                          - id: bad-anchor
                            cite: "x"
                            window: {hours: 3, from: delivery, colour: red}
                            when: "true"
                            outcome: no_refund
                          - id: too-long
                            cite: "x"
                            window: {calendar_days: 4000}
                            when: "true"
                            outcome: no_refund
                        """));
        assertThat(e.problems())
                .anyMatch(p -> p.startsWith("p.yaml: rule 'never': line 8") && p.contains("window is none or a mapping"))
                .anyMatch(p -> p.contains("rule 'two-units'") && p.contains("window needs exactly one of"))
                .anyMatch(p -> p.contains("rule 'bad-anchor'") && p.contains("window.from must be one of")
                        && p.contains("cancellation"))
                .anyMatch(p -> p.contains("rule 'bad-anchor'") && p.contains("unknown key 'colour'"))
                .anyMatch(p -> p.contains("rule 'too-long'") && p.contains("window.calendar_days must be between 0 and 3650"));
    }

    @Test
    void aRequestDatedBeforeWhatItsWindowCountsFromIsOutside() {
        String hours = HEAD + """
                request_window: {hours: 48, cite: "within 48 hours"}
                rules:
                  - id: all
                    cite: "x"
                    when: "true"
                    outcome: full_refund
                """;
        Decision early = evaluate(hours, facts(PURCHASED.minusSeconds(1)).build());
        assertThat(early.ruleId()).isEqualTo("request-window");
        assertThat(early.note()).isEqualTo("The request is dated before the purchase the window counts from.");
        assertThat(evaluate(hours, facts(PURCHASED).build()).ruleId()).isEqualTo("all");

        // the same calendar day, but before the purchase: still outside
        Decision sameDay = evaluate(MIXED, facts(PURCHASED.minusSeconds(3600)).build());
        assertThat(sameDay.ruleId()).isEqualTo("request-window");
    }

    @Test
    void aWindowFromACancellationThatDidNotHappenIsClosed() {
        String fromCancellation = HEAD + """
                rules:
                  - id: accidental
                    cite: "within 7 days of cancelling"
                    window: {calendar_days: 7, from: cancellation}
                    when: "true"
                    outcome: full_refund
                  - id: otherwise
                    cite: "otherwise"
                    when: "true"
                    outcome: no_refund
                """;
        Instant requested = PURCHASED.plusSeconds(86_400);
        assertThat(evaluate(fromCancellation, facts(requested).build()).ruleId()).isEqualTo("otherwise");
        assertThat(evaluate(fromCancellation, facts(requested).anchor(Anchor.CANCELLATION, PURCHASED).build())
                .ruleId()).isEqualTo("accidental");

        Decision policyWide = evaluate(HEAD + """
                request_window: {calendar_days: 7, from: cancellation, cite: "within 7 days of cancelling"}
                rules:
                  - id: all
                    cite: "x"
                    when: "true"
                    outcome: full_refund
                """, facts(requested).build());
        assertThat(policyWide.ruleId()).isEqualTo("request-window");
        assertThat(policyWide.note()).isEqualTo("The window counts from the cancellation, and there was none.");
    }

    @Test
    void renewalChargeAndSubscriptionStartFallBackToThePurchase() {
        for (String anchor : List.of("renewal", "charge", "subscription_start")) {
            String policy = HEAD + "request_window: {hours: 24, from: " + anchor + ", cite: x}\n" + """
                    rules:
                      - id: all
                        cite: "x"
                        when: "true"
                        outcome: no_refund
                    """;
            assertThat(evaluate(policy, facts(PURCHASED.plusSeconds(24 * 3600)).build()).ruleId()).as(anchor)
                    .isEqualTo("all");
            assertThat(evaluate(policy, facts(PURCHASED.plusSeconds(24 * 3600 + 1)).build()).ruleId()).as(anchor)
                    .isEqualTo("request-window");
        }
    }

    @Test
    void businessDaysCloseAtTheEndOfTheNthBusinessDayAfterTheAnchorsDate() {
        String policy = HEAD + """
                request_window: {business_days: 5, cite: "within 5 business days"}
                rules:
                  - id: all
                    cite: "x"
                    when: "true"
                    outcome: no_refund
                """;
        // Tue 30 June; Wed 1, Thu 2, (Fri 3 July a holiday), Mon 6, Tue 7, Wed 8 July is the 5th
        BusinessDays us = BusinessDays.weekdaysExcept(Set.of(LocalDate.parse("2026-07-03")));
        Instant lastSecond = Instant.parse("2026-07-09T03:59:59Z"); // Wed 8 July 23:59:59 in New York
        assertThat(evaluate(policy, facts(lastSecond).businessDays(us).build()).ruleId()).isEqualTo("all");
        assertThat(evaluate(policy, facts(lastSecond.plusSeconds(1)).businessDays(us).build()).ruleId())
                .isEqualTo("request-window");
        BusinessDays noHolidays = BusinessDays.weekdaysExcept(Set.of());
        assertThat(evaluate(policy, facts(lastSecond).businessDays(noHolidays).build()).ruleId())
                .isEqualTo("request-window");

        assertThatThrownBy(() -> evaluate(policy, facts(lastSecond).build()))
                .hasMessageContaining("business-day window needs the tenant's holiday calendar");
        assertThat(documents.load("p.yaml", policy).policy().usesBusinessDays()).isTrue();
    }

    @Test
    void businessDayCountsAroundWeekends() {
        BusinessDays weekdays = BusinessDays.weekdaysExcept(Set.of());
        LocalDate friday = LocalDate.parse("2026-07-10");
        assertThat(weekdays.within(friday, 1, friday.plusDays(1))).as("Saturday").isTrue();
        assertThat(weekdays.within(friday, 1, friday.plusDays(3))).as("Monday, the 1st business day").isTrue();
        assertThat(weekdays.within(friday, 1, friday.plusDays(4))).as("Tuesday").isFalse();
        assertThat(weekdays.within(friday, 0, friday)).as("0 business days: the day itself").isTrue();
        assertThat(weekdays.within(friday, 0, friday.plusDays(1))).isFalse();
        assertThat(weekdays.within(friday, 5, friday.plusDays(8))).as("the Saturday after the 5th").isFalse();
        assertThat(weekdays.within(friday, 5, friday.minusDays(1))).as("before the anchor").isFalse();
    }

    @Test
    void exactHoursSincePurchaseIsNotFloored() {
        Facts at48h59m = facts(PURCHASED.plusSeconds(48 * 3600 + 59 * 60)).build();
        assertThat(at48h59m.struct("request").get("hours_since_purchase")).isEqualTo(48L);
        assertThat((BigDecimal) at48h59m.struct("request").get("exact_hours_since_purchase"))
                .isEqualByComparingTo(new BigDecimal("48.98333333333333333333333333333333"));

        String policy = HEAD + """
                rules:
                  - id: within-48h
                    cite: "within 48 hours"
                    when: request.exact_hours_since_purchase <= decimal("48")
                    outcome: full_refund
                  - id: later
                    cite: "later"
                    when: "true"
                    outcome: no_refund
                """;
        assertThat(evaluate(policy, facts(PURCHASED.plusSeconds(48 * 3600)).build()).ruleId()).isEqualTo("within-48h");
        assertThat(evaluate(policy, facts(PURCHASED.plusSeconds(48 * 3600 + 1)).build()).ruleId()).isEqualTo("later");
        assertThat(evaluate(policy, facts(PURCHASED.plusSeconds(48 * 3600).plusNanos(1)).build()).ruleId())
                .isEqualTo("later");
        assertThat(facts(PURCHASED.plusSeconds(48 * 3600)).build().struct("request").get("exact_hours_since_purchase"))
                .hasToString("48");
    }

    @Test
    void aRefundOfNothingRemovesNoCredits() {
        String policy = HEAD + """
                rules:
                  - id: everything
                    cite: "x"
                    when: "true"
                    outcome: full_refund
                    note: Full refund.
                """;
        Decision refunded = evaluate(policy, facts(PURCHASED).put("order", "refunded", new BigDecimal("20.00")).build());
        assertThat(refunded.outcome()).isEqualTo(Outcome.FULL_REFUND);
        assertThat(refunded.amount()).isEqualByComparingTo("0");
        assertThat(refunded.creditsToRemove()).isZero();
        assertThat(refunded.note()).isEqualTo("Full refund. The refund comes to nothing, so no credits are removed.");

        Decision normal = evaluate(policy, facts(PURCHASED).build());
        assertThat(normal.amount()).isEqualByComparingTo("20.00");
        assertThat(normal.creditsToRemove()).isEqualTo(750);
        assertThat(normal.note()).isEqualTo("Full refund.");

        Decision partOfNothing = evaluate(HEAD + """
                rules:
                  - id: tiny
                    cite: "x"
                    when: "true"
                    outcome: partial_refund
                    amount: decimal("0.004")
                """, facts(PURCHASED).build());
        assertThat(partOfNothing.amount()).isEqualByComparingTo("0.00");
        assertThat(partOfNothing.creditsToRemove()).isZero();
    }

    @Test
    void aPolicyWithoutAWindowHasNoWindowStep() {
        Decision decision = evaluate(HEAD + """
                rules:
                  - id: first
                    cite: "1."
                    when: "false"
                    outcome: no_refund
                  - id: second
                    cite: "2."
                    when: "true"
                    outcome: no_refund
                """, facts(PURCHASED).build());
        assertThat(decision.trace()).extracting(Decision.Step::ruleId).containsExactly("first", "second");
    }

    @Test
    void whenEveryRuleAnswersToTheClosedPolicyWindowNoneIsTried() {
        Decision decision = evaluate(HEAD + """
                request_window: {calendar_days: 7, cite: "within 7 days"}
                rules:
                  - id: reads-a-missing-fact
                    cite: "x"
                    when: outage.longest_hours > decimal("1")
                    outcome: no_refund
                """, facts(PURCHASED.plusSeconds(8 * 86_400)).build());
        assertThat(decision.ruleId()).isEqualTo("request-window");
        assertThat(decision.trace()).containsExactly(new Decision.Step("request-window", "within 7 days", true, true));
    }
}
