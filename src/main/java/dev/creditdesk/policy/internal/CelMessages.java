package dev.creditdesk.policy.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cel-java's messages in the policy language's words, for the people who write policies (policy
 * check and lint, the console, traces and case runs): types as a policy names them ({@code
 * timestamp}, not {@code google.protobuf.Timestamp}), operators as written ({@code >}, not
 * {@code _>_}), no lists of overloads of types policies never see, no Java exception classes and no
 * "{@code <input>:8}" offsets. Every CEL message shown to a person passes through here, once.
 */
final class CelMessages {

    private static final Map<String, String> PROTOBUF_TYPES = Map.ofEntries(
            Map.entry("Timestamp", "timestamp"), Map.entry("Duration", "duration"),
            Map.entry("Int64Value", "int"), Map.entry("Int32Value", "int"), Map.entry("UInt64Value", "uint"),
            Map.entry("UInt32Value", "uint"), Map.entry("DoubleValue", "double"), Map.entry("FloatValue", "double"),
            Map.entry("StringValue", "string"), Map.entry("BoolValue", "bool"), Map.entry("BytesValue", "bytes"),
            Map.entry("Struct", "map"), Map.entry("ListValue", "list"), Map.entry("Value", "dyn"),
            Map.entry("Any", "dyn"), Map.entry("NullValue", "null"));
    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("_+_", "+"), Map.entry("_-_", "-"), Map.entry("_*_", "*"), Map.entry("_/_", "/"),
            Map.entry("_%_", "%"), Map.entry("_<_", "<"), Map.entry("_<=_", "<="), Map.entry("_>_", ">"),
            Map.entry("_>=_", ">="), Map.entry("_==_", "=="), Map.entry("_!=_", "!="), Map.entry("_&&_", "&&"),
            Map.entry("_||_", "||"), Map.entry("!_", "!"), Map.entry("-_", "unary -"), Map.entry("_[_]", "[ ]"),
            Map.entry("_?_:_", "? :"), Map.entry("@in", "in"));

    private static final Pattern PROTOBUF = Pattern.compile("(?:com\\.)?google\\.protobuf\\.([A-Za-z0-9]+)");
    private static final Pattern NO_OVERLOAD = Pattern.compile(
            "found no matching overload for '([^']+)' applied to '\\((.*)\\)'(?: \\(candidates: .*\\))?",
            Pattern.DOTALL);
    private static final Pattern NO_METHOD = Pattern.compile(
            "found no matching overload for '([^']+)' applied to '([^']*?)\\.\\((.*)\\)'(?: \\(candidates: .*\\))?",
            Pattern.DOTALL);
    private static final Pattern RUNTIME_NO_OVERLOAD = Pattern.compile(
            "No matching overload for function '([^']+)'\\..*", Pattern.DOTALL);
    private static final Pattern AT_INPUT = Pattern.compile("evaluation error at <input>:\\d+: ");
    private static final Pattern FUNCTION_FAILED = Pattern.compile(
            "Function '[^']+' failed with arg\\(s\\) '(.*)'", Pattern.DOTALL);
    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)' \\(in container '[^']*'\\)");
    private static final Pattern JAVA_EXCEPTION = Pattern.compile("\\b(?:java|javax|com|dev|org)\\.[a-z0-9_.]+\\.([A-Z][A-Za-z]*(?:Exception|Error))(?:: )?");

    private CelMessages() {
    }

    /**
     * An evaluation failure and what caused it (a function of ours that threw, say), as one message:
     * the cause's words, and with what values our function failed, never its internal name.
     */
    static String readable(String message, String cause) {
        if (cause == null || cause.isBlank() || readable(message).contains(readable(cause))) {
            return readable(message);
        }
        Matcher function = FUNCTION_FAILED.matcher(message == null ? "" : AT_INPUT.matcher(message).replaceAll(""));
        if (function.matches()) {
            return readable(cause) + " (with " + function.group(1) + ")";
        }
        return readable(message) + " (" + readable(cause) + ")";
    }

    /** A message from cel-java (checking or evaluating an expression) as a policy author reads it. */
    static String readable(String message) {
        if (message == null || message.isBlank()) {
            return "the expression could not be evaluated";
        }
        String text = AT_INPUT.matcher(message.strip()).replaceAll("");
        Matcher method = NO_METHOD.matcher(text);
        if (method.matches()) {
            text = "'" + method.group(1) + "' cannot be called on " + types(method.group(2))
                    + (method.group(3).isBlank() ? "" : " with " + types(method.group(3)));
        } else {
            Matcher overload = NO_OVERLOAD.matcher(text);
            if (overload.matches()) {
                String operator = OPERATORS.get(overload.group(1));
                text = operator == null
                        ? "'" + overload.group(1) + "' cannot be applied to " + types(overload.group(2))
                        : "'" + operator + "' cannot be applied to " + types(overload.group(2));
            }
        }
        Matcher runtime = RUNTIME_NO_OVERLOAD.matcher(text);
        if (runtime.matches()) {
            String function = OPERATORS.getOrDefault(runtime.group(1), runtime.group(1));
            text = "'" + function + "' cannot be applied to these values";
        }
        text = UNDECLARED.matcher(text).replaceAll("unknown name '$1'");
        text = text.replace("/ by zero", "division by zero");
        text = text.replaceAll("For input string: \"([^\"]*)\"", "\"$1\" is not a number");
        text = text.replaceAll("Text '([^']*)' could not be parsed at index \\d+", "'$1' is not a timestamp such as "
                + "2026-01-31T00:00:00Z");
        text = JAVA_EXCEPTION.matcher(text).replaceAll("");
        text = protobufTypes(text);
        return text.strip();
    }

    private static String types(String list) {
        String[] parts = protobufTypes(list).split(",\\s*");
        return parts.length == 1 ? parts[0] : String.join(" and ", parts);
    }

    private static String protobufTypes(String text) {
        Matcher m = PROTOBUF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(PROTOBUF_TYPES.getOrDefault(m.group(1), "dyn")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
