package dev.creditdesk.shared;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code metadata} an integrator keeps on an object (its own ids, a note): text keys to text
 * values, with Stripe's limits. Creditdesk stores and returns it and never reads it.
 */
public final class Metadata {

    public static final int MAX_KEYS = 50;
    public static final int MAX_KEY_LENGTH = 40;
    public static final int MAX_VALUE_LENGTH = 500;

    private Metadata() {
    }

    /** The metadata of a new object: empty when absent; a key given "" or null is left out. */
    public static SortedMap<String, String> created(Map<String, String> given, List<FieldProblem> errors) {
        return merged(Map.of(), given, errors);
    }

    /**
     * {@code current} with {@code changes} applied: a key given a value is set, a key given "" or
     * null is removed, keys not named are kept. Problems name {@code metadata.<key>}, or
     * {@code metadata} for too many keys.
     */
    public static SortedMap<String, String> merged(Map<String, String> current, Map<String, String> changes,
            List<FieldProblem> errors) {
        SortedMap<String, String> result = new TreeMap<>(current);
        if (changes == null) {
            return result;
        }
        int before = errors.size();
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String key = change.getKey();
            String value = change.getValue();
            if (key.isBlank() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldProblem("metadata." + cut(key), "keys are 1 to " + MAX_KEY_LENGTH
                        + " characters, without control characters"));
            } else if (value != null && value.length() > MAX_VALUE_LENGTH) {
                errors.add(new FieldProblem("metadata." + key, "must be at most " + MAX_VALUE_LENGTH + " characters"));
            } else if (value == null || value.isEmpty()) {
                result.remove(key);
            } else {
                result.put(key, value);
            }
        }
        if (errors.size() == before && result.size() > MAX_KEYS) {
            errors.add(new FieldProblem("metadata", "at most " + MAX_KEYS + " keys"));
        }
        return result;
    }

    /** The jsonb text a store writes. */
    public static String toJson(JsonMapper json, Map<String, String> metadata) {
        return json.writeValueAsString(metadata == null ? Map.of() : metadata);
    }

    /** What a store read back (null, for a row written before metadata existed, is empty). */
    public static SortedMap<String, String> fromJson(JsonMapper json, String text) {
        return text == null ? new TreeMap<>() : json.readValue(text, new TypeReference<TreeMap<String, String>>() {
        });
    }

    /** A key as a problem may echo it: too long a key is cut, so a request cannot make us echo much. */
    private static String cut(String key) {
        String printable = key.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }
}
