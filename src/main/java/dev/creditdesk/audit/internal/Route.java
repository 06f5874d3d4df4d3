package dev.creditdesk.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a request did, named from its route in one place: the action
 * ({@code POST /v1/refund-requests/{id}/decision} is {@code refund_requests.decision}, and so is the
 * console's {@code /console/cases/{id}/decision}) and its subject (the last path variable, typed by
 * the collection before it: {@code refund_request}). Creates have no subject in the path; the
 * answer names it.
 */
public record Route(String action, @Nullable String subjectType, @Nullable String subjectId) {

    /** The console's names for what the API calls otherwise. */
    private static final Map<String, String> SAME_AS_API = Map.of("cases", "refund_requests",
            "inbound", "inbound_messages");

    private static final Map<String, String> SUBJECT_TYPES = Map.of("keys", "api_key", "mailbox", "mailbox",
            "outage_compensation", "outage_compensation", "evidence", "evidence", "payment_settings",
            "payment_settings", "compensation_settings", "compensation_settings");

    /** POSTs that read only: checks and previews. They change nothing, so they are not recorded. */
    private static final Set<String> READ_ONLY = Set.of("policies.lint", "policies.explain", "policies.cases",
            "mailbox.test");

    public static Route of(String method, String pattern, Map<String, String> variables) {
        List<String> words = new ArrayList<>();
        String lastVariable = null;
        String collectionBeforeIt = null;
        String previous = null;
        boolean endsWithVariable = false;
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty() || segment.equals("v1") || segment.equals("console")) {
                continue;
            }
            if (segment.startsWith("{")) {
                lastVariable = segment.substring(1, segment.length() - 1);
                collectionBeforeIt = previous;
                endsWithVariable = true;
            } else {
                String word = segment.replace('-', '_');
                word = SAME_AS_API.getOrDefault(word, word);
                words.add(word);
                previous = word;
                endsWithVariable = false;
            }
        }
        String action = String.join(".", words);
        if (endsWithVariable || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE")) {
            action += switch (method) {
                case "DELETE" -> ".delete";
                default -> ".update";
            };
        } else if (words.size() == 1 && lastVariable == null) {
            action += ".create";
        }
        if (lastVariable != null) {
            // a one-time link's token is a secret, never a subject id
            String subjectId = "token".equals(lastVariable) ? null : variables.get(lastVariable);
            return new Route(action, singular(collectionBeforeIt), subjectId);
        }
        return new Route(action, words.isEmpty() ? null : singular(words.get(0)), null);
    }

    public boolean readOnly() {
        return READ_ONLY.contains(action);
    }

    static String singular(String collection) {
        if (collection == null) {
            return null;
        }
        String known = SUBJECT_TYPES.get(collection);
        if (known != null) {
            return known;
        }
        if (collection.endsWith("ies")) {
            return collection.substring(0, collection.length() - 3) + "y";
        }
        return collection.endsWith("s") ? collection.substring(0, collection.length() - 1)
                : collection.toLowerCase(Locale.ROOT);
    }
}
