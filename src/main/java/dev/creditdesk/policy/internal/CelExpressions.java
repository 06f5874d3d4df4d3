package dev.creditdesk.policy.internal;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import dev.creditdesk.policy.Facts;
import java.util.HashMap;
import java.util.Map;

/**
 * The policy engine's expressions in CEL ({@link CelPolicyEnvironment}). Facts are handed to CEL
 * as maps, normalised to the types CEL declares for them (decimals as {@link Decimal}); a fact an
 * expression reads but the facts lack fails the evaluation, naming the field.
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
            Program program = cel.compileCondition(source).program();
            return facts -> evaluate(source, program, facts);
        } catch (PolicyExpressionException e) {
            throw error(e);
        }
    }

    @Override
    public Compiled amount(String source) throws ExpressionError {
        try {
            Program program = cel.compileAmount(source).program();
            return facts -> ((Decimal) evaluate(source, program, facts)).value();
        } catch (PolicyExpressionException e) {
            throw error(e);
        }
    }

    private static Object evaluate(String source, Program program, Facts facts) {
        try {
            Map<String, Object> variables = facts.prepared(CelExpressions::variables);
            return program.eval(name -> java.util.Optional.ofNullable(variables.get(name)));
        } catch (CelEvaluationException e) {
            throw new PolicyEvaluationException(source, e);
        }
    }

    static Map<String, Object> variables(Facts facts) {
        Map<String, Object> variables = new HashMap<>();
        FactSchema.STRUCTS.forEach((name, declared) -> {
            Map<String, Object> values = new HashMap<>();
            facts.struct(name).forEach((field, value) -> {
                FactSchema.FactType type = declared.get(field);
                Object normalized = type == null ? null : type.normalize(value);
                if (normalized != null) {
                    values.put(field, normalized);
                }
            });
            variables.put(name, values);
        });
        return variables;
    }

    private static ExpressionError error(PolicyExpressionException e) {
        PolicyExpressionException.Problem first = e.problems().get(0);
        String message = e.problems().stream().map(PolicyExpressionException.Problem::message)
                .distinct().reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
        return new ExpressionError(message, first.line(), first.column());
    }
}
