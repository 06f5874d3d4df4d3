package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Remedies with parameters, who chooses among alternatives, and declared categories load into
 * types; anything wrong is refused naming the rule and the line.
 */
class RemedyLintTest {

    private final PolicyDocuments documents = PolicyDocuments.standard();

    private static final String HEAD = """
            id: test
            version: "1"
            effective_from: 2026-01-01T00:00:00Z
            review_sla_business_days: 2
            """;

    private List<String> problems(String yaml) {
        return catchThrowableOfType(PolicyException.class, () -> documents.load("p.yaml", yaml)).problems();
    }

    private static String rule(String body) {
        return "rules:\n  - id: r\n    cite: \"1\"\n    when: \"true\"\n" + body.indent(4);
    }

    @Test
    void remediesCarryTheirParametersAsTypes() {
        Policy.Rule rule = documents.load("p.yaml", HEAD + rule("""
                outcome: partial_refund
                amount: order.net - catalog.price("pro-monthly")
                remedies:
                  - refund
                  - convert_plan: {to: pro-monthly}
                  - compensation_credits: {credits: 100, expires_in_days: 30}
                  - pause_subscription: {months: 2}
                  - end_subscription: {at: now}
                  - refer_to_bank: {template: refer_to_bank_paypal}
                  - account_credit: {amount: "5.00"}
                  - reinstate_subscription
                """)).policy().rules().get(0);
        assertThat(rule.remedyOptions()).containsExactly(List.of(
                new ProposedRemedy.Plain(ProposedRemedy.Type.REFUND),
                new ProposedRemedy.ConvertPlan("pro-monthly"),
                new ProposedRemedy.Credits(ProposedRemedy.Type.COMPENSATION_CREDITS, 100L, 30),
                new ProposedRemedy.PauseSubscription(2),
                new ProposedRemedy.EndSubscription(ProposedRemedy.EndAt.NOW),
                new ProposedRemedy.ReferToBank("refer_to_bank_paypal"),
                new ProposedRemedy.AccountCredit(new BigDecimal("5.00")),
                new ProposedRemedy.Plain(ProposedRemedy.Type.REINSTATE_SUBSCRIPTION)));
        assertThat(rule.remedies()).containsExactly("refund", "convert_plan", "compensation_credits",
                "pause_subscription", "end_subscription", "refer_to_bank", "account_credit", "reinstate_subscription");
        assertThat(rule.choose()).isEqualTo(Policy.Chooser.SUPPORT);
    }

    @Test
    void aDecisionWritesTheOptionsByNameAndWithTheirParameters() {
        var loaded = documents.load("p.yaml", HEAD + rule("""
                outcome: full_refund
                remedies: [[refund], [{account_credit: {}}, {compensation_credits: {credits: 50}}]]
                choose: customer
                decide: automatic
                """));
        Decision decision = loaded.evaluate(PolicyDocuments.facts(Map.of("purchased_at", "2026-02-01T00:00:00Z",
                "requested_at", "2026-02-02T00:00:00Z", "order", Map.of("net", "10.00", "total", "10.00",
                        "credits", 100, "used", 0)), "UTC"));
        Map<String, Object> json = decision.toJson();
        assertThat(json.get("options")).isEqualTo(List.of(List.of("refund"),
                List.of("account_credit", "compensation_credits")));
        assertThat(json.get("option_details")).isEqualTo(List.of(List.of(Map.of("type", "refund")),
                List.of(Map.of("type", "account_credit"),
                        Map.of("type", "compensation_credits", "credits", 50L))));
        assertThat(json.get("choose")).isEqualTo("customer");
        assertThat(decision.amount()).isEqualByComparingTo("10.00");
    }

    @Test
    void unknownRemediesAndWrongParametersAreRefusedNamingTheRuleAndLine() {
        List<String> problems = problems(HEAD + rule("""
                outcome: remedy
                remedies:
                  - cash_back
                  - compensation_credits: {credits: 0}
                  - compensation_credits: {credits: 10, expiry: 30}
                  - pause_subscription
                  - pause_subscription: {months: 13}
                  - convert_plan: {}
                  - end_subscription: {at: tomorrow}
                  - refer_to_bank: {template: approved}
                  - refund: {amount: "1.00"}
                  - account_credit: {amount: 1.5x}
                """));
        assertThat(problems).contains(
                "p.yaml: rule 'r': line 11: unknown remedy 'cash_back'; known: access_correction, account_credit,"
                        + " compensation_credits, convert_plan, deliver_order, end_subscription, other,"
                        + " pause_subscription, refer_to_bank, refund, refund_duplicate_charge, reinstate_subscription,"
                        + " replacement_credits, restore_credits",
                "p.yaml: rule 'r': line 12: compensation_credits.credits must be between 1 and 1000000",
                "p.yaml: rule 'r': line 13: compensation_credits: unknown parameter 'expiry';"
                        + " {credits: 1–1000000, expires_in_days: 1–3650} (both optional)",
                "p.yaml: rule 'r': line 14: pause_subscription needs parameters: {months: 1–12}",
                "p.yaml: rule 'r': line 15: pause_subscription.months must be between 1 and 12",
                "p.yaml: rule 'r': line 16: convert_plan.to is required",
                "p.yaml: rule 'r': line 17: end_subscription.at must be now or period_end; not 'tomorrow'",
                "p.yaml: rule 'r': line 18: refer_to_bank.template must be refer_to_bank, or a tenant's own template"
                        + " named refer_to_bank_<name>; not 'approved'",
                "p.yaml: rule 'r': line 19: refund takes no parameters",
                "p.yaml: rule 'r': line 20: account_credit.amount must be a decimal written as text, such as"
                        + " \"10.00\"");
    }

    @Test
    void accountCreditNeedsAnAmountFromTheRuleOrItsOwn() {
        assertThat(problems(HEAD + rule("""
                outcome: remedy
                remedies: [account_credit]
                """))).anyMatch(p -> p.startsWith("p.yaml: rule 'r': line 10: account_credit needs an amount"));
        var loaded = documents.load("p.yaml", HEAD + rule("""
                outcome: remedy
                amount: order.net
                remedies: [account_credit]
                decide: automatic
                """));
        assertThat(loaded.policy().rules().get(0).amount()).isEqualTo("order.net");
    }

    @Test
    void theCustomerChoosesOnlyAmongSeveralOptionsWithoutAPerson() {
        List<String> problems = problems(HEAD + rule("""
                outcome: full_refund
                remedies: [refund]
                choose: customer
                """));
        assertThat(problems).contains(
                "p.yaml: rule 'r': line 11: choose: customer needs at least two options to choose from"
                        + " (remedies: [[a], [b]])",
                "p.yaml: rule 'r': line 11: choose: customer offers the options without a person: write decide:"
                        + " automatic (a person choosing is choose: support)");
        assertThat(problems(HEAD + rule("""
                outcome: remedy
                remedies: [[compensation_credits], [replacement_credits: {credits: 5}]]
                choose: customer
                decide: automatic
                """))).contains("p.yaml: rule 'r': line 10: choose: customer: compensation_credits must say how many"
                + " credits ({compensation_credits: {credits: 100}})");
        assertThat(problems(HEAD + rule("""
                outcome: no_refund
                choose: the_cat
                """))).contains("p.yaml: rule 'r': line 10: choose must be support or customer");
    }

    @Test
    void aRuleComparingTheCategoryWithOneNeitherBuiltInNorDeclaredIsRefused() {
        String rules = """
                rules:
                  - id: wrong-plan
                    cite: "1"
                    when: request.category == "wrong_plan" || "pause" == request.category
                    outcome: no_refund
                  - id: listed
                    cite: "2"
                    when: |
                      order.net > decimal(0) &&
                        request.category in ["fraud", "downgrade"]
                    outcome: no_refund
                """;
        assertThat(problems(HEAD + rules)).containsExactly(
                "p.yaml: rule 'wrong-plan': line 8: when (column 21): category 'wrong_plan' is neither built in nor"
                        + " declared; declare it under categories: [{id: wrong_plan, title: \"…\"}] or use one of "
                        + String.join(", ", RefundCategory.wireNames()),
                "p.yaml: rule 'wrong-plan': line 8: when (column 37): category 'pause' is neither built in nor"
                        + " declared; declare it under categories: [{id: pause, title: \"…\"}] or use one of "
                        + String.join(", ", RefundCategory.wireNames()),
                "p.yaml: rule 'listed': line 14: when (column 33): category 'downgrade' is neither built in nor"
                        + " declared; declare it under categories: [{id: downgrade, title: \"…\"}] or use one of "
                        + String.join(", ", RefundCategory.wireNames()));
        var loaded = documents.load("p.yaml", HEAD + """
                categories:
                  - {id: wrong_plan, title: "I bought the wrong plan"}
                  - {id: pause, title: "I want to pause"}
                  - {id: downgrade, title: "I want a cheaper plan"}
                """ + rules);
        assertThat(loaded.policy().categories()).extracting(Policy.Category::id)
                .containsExactly("wrong_plan", "pause", "downgrade");
        assertThat(loaded.policy().acceptedCategories()).hasSize(RefundCategory.values().length + 3);
    }

    @Test
    void declaredCategoriesAreCheckedToo() {
        assertThat(problems(HEAD + """
                categories:
                  - {id: fraud, title: "Built in already"}
                  - {id: Wrong-Plan, title: "Bad id"}
                  - {id: pause, title: "Once"}
                  - {id: pause, title: "Twice"}
                  - {id: no_title}
                  - plain
                rules:
                  - {id: all, cite: "1", when: "true", outcome: no_refund}
                """)).containsExactly(
                "p.yaml: line 6: category 'fraud' is built in; declare only new ones",
                "p.yaml: line 7: category id 'Wrong-Plan' must be lower-case letters, digits and '_' (at most 40),"
                        + " starting with a letter",
                "p.yaml: line 9: category 'pause' is declared twice",
                "p.yaml: line 10: title is required",
                "p.yaml: line 11: each category is a mapping: {id: wrong_plan, title: \"I bought the wrong plan\"}");
    }
}
