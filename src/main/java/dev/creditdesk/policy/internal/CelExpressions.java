package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyNeeds;

/**
 * The policy engine's expressions in CEL ({@link CelPolicyEnvironment}); a fact an expression
 * reads but the facts lack fails the evaluation, naming the field.
 */
public final class CelExpressions implements ExpressionEngine {

    private final CelPolicyEnvironment cel;

    private CelExpressions(CelPolicyEnvironment cel) {
        this.cel = cel;
    }

    public static CelExpressions create() {
        return new CelExpressions(new CelPolicyEnvironment());
    }

    @Override
    public Compiled condition(String source) throws ExpressionError {
        try {
            CelPolicyEnvironment.Condition condition = cel.compileCondition(source);
            if (condition.expression().strip().equals("true")) {
                // the catch-all rule every policy ends with: no need to run the interpreter for it
                return compiled(condition.needs(), facts -> Boolean.TRUE);
            }
            return compiled(condition.needs(), facts -> CelPolicyEnvironment.eval(source, condition.program(), facts));
        } catch (PolicyExpressionException e) {
            throw error(e);
        }
    }

    @Override
    public Compiled amount(String source) throws ExpressionError {
        try {
            CelPolicyEnvironment.Amount amount = cel.compileAmount(source);
            return compiled(amount.needs(),
                    facts -> ((Decimal) CelPolicyEnvironment.eval(source, amount.program(), facts)).value());
        } catch (PolicyExpressionException e) {
            throw error(e);
        }
    }

    private static Compiled compiled(PolicyNeeds needs, java.util.function.Function<Facts, Object> evaluation) {
        return new Compiled() {
            @Override
            public Object evaluate(Facts facts) {
                return evaluation.apply(facts);
            }

            @Override
            public PolicyNeeds needs() {
                return needs;
            }
        };
    }

    private static ExpressionError error(PolicyExpressionException e) {
        PolicyExpressionException.Problem first = e.problems().get(0);
        String message = e.problems().stream().map(PolicyExpressionException.Problem::message)
                .distinct().reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
        return new ExpressionError(message, first.line(), first.column());
    }
}
