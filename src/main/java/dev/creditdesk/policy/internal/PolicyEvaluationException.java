package dev.creditdesk.policy.internal;

/** A compiled expression that failed on particular facts, such as a division by zero. */
public class PolicyEvaluationException extends RuntimeException {

    private final String expression;

    public PolicyEvaluationException(String expression, Throwable cause) {
        super("cannot evaluate " + expression + ": " + CelMessages.readable(cause.getMessage(),
                cause.getCause() == null ? null : cause.getCause().getMessage()), cause);
        this.expression = expression;
    }

    public String expression() {
        return expression;
    }
}
