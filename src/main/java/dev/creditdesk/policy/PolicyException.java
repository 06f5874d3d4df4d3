package dev.creditdesk.policy;

import java.util.List;

/** A policy that cannot be loaded; each problem names the file, the rule and the line. */
public class PolicyException extends RuntimeException {

    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
