package dev.creditdesk.policy;

import java.util.regex.Pattern;

/**
 * One usage aggregate a policy reads: the account's usage of {@code kind} (tasks of that kind and
 * usage events the product reported) over {@code window}. A policy names its queries with literal
 * arguments ({@code usage.count("video", "renewal")}), so they are known when it loads and the
 * facts carry exactly those.
 */
public record UsageQuery(String kind, UsageWindow window) {

    /** Kinds are the product's names: lower-case letters, digits, '_', '-' and '.'. */
    public static final Pattern KIND = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,63}$");

    public String wireName() {
        return kind + "@" + window.wireName();
    }
}
