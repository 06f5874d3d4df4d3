package dev.creditdesk.policy.internal;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy expression that does not compile: a syntax error, an unknown field or function, a type
 * mismatch, a wrong result type, a malformed {@code decimal("...")} literal or a double. Lines and
 * columns count from 1 within the expression, so a loader can add its file, rule and line offset.
 */
public class PolicyExpressionException extends RuntimeException {

    /** One thing wrong, at a place in the expression. */
    public record Problem(int line, int column, String message) {

        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    private final String expression;
    private final List<Problem> problems;

    public PolicyExpressionException(String expression, List<Problem> problems) {
        super(describe(expression, problems));
        this.expression = expression;
        this.problems = List.copyOf(problems);
    }

    public String expression() {
        return expression;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Each problem, then the line it is on with a caret under its column. */
    private static String describe(String expression, List<Problem> problems) {
        String[] lines = expression.split("\n", -1);
        return problems.stream().map(problem -> {
            String text = problem.line() >= 1 && problem.line() <= lines.length ? lines[problem.line() - 1] : "";
            return problem + "\n | " + text + "\n | " + " ".repeat(Math.max(0, problem.column() - 1)) + "^";
        }).collect(Collectors.joining("\n"));
    }
}
