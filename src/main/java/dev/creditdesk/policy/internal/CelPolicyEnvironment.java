package dev.creditdesk.policy.internal;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.math.BigDecimal;
import java.math.RoundingMode;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyNeeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The CEL language of refund policies, built once and shared (compiling and evaluating are
 * thread-safe). Conditions are {@code bool} and amounts {@code decimal} expressions over the
 * struct variables of {@link FactSchema}, the named facts of {@link FactFunctions} ({@code usage},
 * {@code catalog}), with the functions of {@link DecimalFunctions} and CEL's standard
 * functions and macros ({@code in}, {@code size}, {@code has}, {@code exists}, ...).
 *
 * <p>Money never passes through {@code double}: an expression with any double-typed part (such as
 * {@code 0.1}) is rejected; authors write {@code decimal("0.1")}.
 */
public final class CelPolicyEnvironment {

    /** A compiled {@code bool} expression and the facts it asks for by name; evaluate it as often as needed. */
    public record Condition(String expression, Program program, PolicyNeeds needs) {
    }

    /** A compiled {@code decimal} expression and the facts it asks for by name; evaluate it as often as needed. */
    public record Amount(String expression, Program program, PolicyNeeds needs) {
    }

    private record Checked(Program program, PolicyNeeds needs) {
    }

    private static final String DOUBLE_NOT_ALLOWED =
            "double is not allowed in policies: write decimals as decimal(\"0.1\")";

    private final RoundingMode roundingMode;
    private final Cel conditions;
    private final Cel amounts;

    /** Rounds {@code .round(n)} half up, as refunds are usually worded. */
    public CelPolicyEnvironment() {
        this(RoundingMode.HALF_UP);
    }

    /** {@code roundingMode} is what {@code .round(n)} uses, such as HALF_UP or HALF_EVEN. */
    public CelPolicyEnvironment(RoundingMode roundingMode) {
        if (Objects.requireNonNull(roundingMode, "roundingMode") == RoundingMode.UNNECESSARY) {
            throw new IllegalArgumentException("round() must be able to round: UNNECESSARY is not allowed");
        }
        this.roundingMode = roundingMode;
        DecimalFunctions decimals = new DecimalFunctions(roundingMode);
        FactFunctions named = new FactFunctions();
        var builder = CelFactory.standardCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(FactSchema.TYPE_PROVIDER)
                .addFunctionDeclarations(decimals.declarations)
                .addFunctionBindings(decimals.bindings)
                .addFunctionDeclarations(named.declarations)
                .addFunctionBindings(named.bindings)
                .addVar("usage", FactFunctions.USAGE)
                .addVar("catalog", FactFunctions.CATALOG);
        FactSchema.TYPES.forEach(builder::addVar);
        // The checker enforces the result type, reporting a mismatch at the expression's top node.
        this.conditions = builder.setResultType(SimpleType.BOOL).build();
        this.amounts = conditions.toCelBuilder().setResultType(DecimalFunctions.DECIMAL).build();
    }

    public RoundingMode roundingMode() {
        return roundingMode;
    }

    /** Compiles a condition; throws {@link PolicyExpressionException} unless it is a valid bool. */
    public Condition compileCondition(String expression) {
        Checked checked = compile(conditions, expression);
        return new Condition(expression, checked.program(), checked.needs());
    }

    /** Compiles an amount; throws {@link PolicyExpressionException} unless it is a valid decimal. */
    public Amount compileAmount(String expression) {
        Checked checked = compile(amounts, expression);
        return new Amount(expression, checked.program(), checked.needs());
    }

    /** Throws {@link PolicyEvaluationException} if the condition fails on these facts. */
    public boolean evaluate(Condition condition, Facts facts) {
        return (Boolean) eval(condition.expression(), condition.program(), facts);
    }

    /** The amount, unrounded unless the expression rounds it; throws {@link PolicyEvaluationException}. */
    public BigDecimal evaluate(Amount amount, Facts facts) {
        return ((Decimal) eval(amount.expression(), amount.program(), facts)).value();
    }

    /**
     * Evaluates a compiled program over the facts. The variables are made once per facts and kept
     * with them (CEL would otherwise copy a map of variables on every evaluation, which costs more
     * than the condition); they are looked up through a resolver.
     */
    static Object eval(String expression, Program program, Facts facts) {
        try {
            Map<String, Object> variables = facts.prepared(CelPolicyEnvironment::variables);
            return program.eval(name -> Optional.ofNullable(variables.get(name)));
        } catch (CelEvaluationException e) {
            throw new PolicyEvaluationException(expression, e);
        }
    }

    /**
     * The facts as CEL's variables: each struct a map normalised to the types CEL declares (decimals
     * as {@link Decimal}), a fact left out staying out, and the named facts of {@link FactFunctions}.
     */
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
        FactFunctions.addVariables(facts, variables);
        return variables;
    }

    private static Checked compile(Cel cel, String expression) {
        Objects.requireNonNull(expression, "expression");
        CelValidationResult result = cel.compile(expression);
        if (result.hasError()) {
            List<PolicyExpressionException.Problem> problems = new ArrayList<>();
            result.getErrors().forEach(issue -> problems.add(problem(issue.getSourceLocation(),
                    CelMessages.readable(issue.getMessage()))));
            doubleLiteral(cel, expression).ifPresent(problems::add);
            throw new PolicyExpressionException(expression, problems);
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            List<PolicyExpressionException.Problem> problems = moneyProblems(ast);
            FactFunctions.Needs needs = FactFunctions.needs(ast);
            needs.problems().forEach(p -> problems.add(problem(location(ast, p.expr()), p.message())));
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(PolicyExpressionException.Problem::line)
                        .thenComparingInt(PolicyExpressionException.Problem::column));
                throw new PolicyExpressionException(expression, problems);
            }
            return new Checked(cel.createProgram(ast), needs.needs());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CEL accepted " + expression + " but could not plan it", e);
        }
    }

    /**
     * What CEL accepts but a money language must not: any double-typed part, and a
     * {@code decimal("...")} literal that is not a number (caught now rather than on every request).
     */
    private static List<PolicyExpressionException.Problem> moneyProblems(CelAbstractSyntaxTree ast) {
        List<CelExpr> doubles = new ArrayList<>();
        List<PolicyExpressionException.Problem> problems = new ArrayList<>();
        CelNavigableAst.fromAst(ast).getRoot().allNodes().map(CelNavigableExpr::expr).forEach(expr -> {
            if (ast.getType(expr.id()).filter(SimpleType.DOUBLE::equals).isPresent()) {
                doubles.add(expr);
            }
            if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("decimal")
                    && expr.call().args().size() == 1) {
                CelExpr argument = expr.call().args().get(0);
                if (argument.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && argument.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                    try {
                        new BigDecimal(argument.constant().stringValue());
                    } catch (NumberFormatException e) {
                        problems.add(problem(location(ast, argument), "decimal(\""
                                + argument.constant().stringValue() + "\") is not a decimal number"));
                    }
                }
            }
        });
        // Report the first double only: in double(x) + 1.5 every node would be one.
        doubles.stream().map(expr -> location(ast, expr)).min(Comparator.naturalOrder()).ifPresent(at ->
                problems.add(problem(at, DOUBLE_NOT_ALLOWED)));
        problems.sort(Comparator.comparingInt(PolicyExpressionException.Problem::line)
                .thenComparingInt(PolicyExpressionException.Problem::column));
        return problems;
    }

    /**
     * The first double literal, if the expression parses: {@code order.used_ratio <= 0.1} fails
     * type-checking with a list of overloads, and this says what to write instead.
     */
    private static Optional<PolicyExpressionException.Problem> doubleLiteral(Cel cel, String expression) {
        CelValidationResult parsed = cel.parse(expression);
        if (parsed.hasError()) {
            return Optional.empty();
        }
        try {
            CelAbstractSyntaxTree ast = parsed.getAst();
            return CelNavigableAst.fromAst(ast).getRoot().allNodes().map(CelNavigableExpr::expr)
                    .filter(expr -> expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                            && expr.constant().getKind() == CelConstant.Kind.DOUBLE_VALUE)
                    .map(expr -> location(ast, expr))
                    .min(Comparator.naturalOrder())
                    .map(at -> problem(at, DOUBLE_NOT_ALLOWED));
        } catch (CelValidationException e) {
            return Optional.empty();
        }
    }

    private static CelSourceLocation location(CelAbstractSyntaxTree ast, CelExpr expr) {
        Integer offset = ast.getSource().getPositionsMap().get(expr.id());
        return offset == null ? CelSourceLocation.NONE
                : ast.getSource().getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
    }

    /** CEL counts lines from 1 and columns from 0; problems count both from 1. */
    private static PolicyExpressionException.Problem problem(CelSourceLocation location, String message) {
        return location.getLine() < 1
                ? new PolicyExpressionException.Problem(1, 1, message)
                : new PolicyExpressionException.Problem(location.getLine(), location.getColumn() + 1, message);
    }
}
