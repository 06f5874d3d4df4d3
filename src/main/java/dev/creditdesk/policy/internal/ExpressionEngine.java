package dev.creditdesk.policy.internal;

import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyNeeds;

/** Compiles a policy's expressions once; evaluation then needs only the facts. */
public interface ExpressionEngine {

    /** A boolean condition over the facts. */
    Compiled condition(String source) throws ExpressionError;

    /** A decimal amount over the facts. */
    Compiled amount(String source) throws ExpressionError;

    interface Compiled {
        Object evaluate(Facts facts);

        /** The usage aggregates and prices it asks for by name. */
        PolicyNeeds needs();
    }

    /** An expression that does not compile or has the wrong type; line and column are 1-based within it. */
    class ExpressionError extends Exception {
        private final int line;
        private final int column;

        public ExpressionError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }
}
