package dev.creditdesk.console.web;

import java.util.List;
import java.util.Map;

/**
 * The page an irreversible action shows before it is done: what will happen, in the module's own
 * figures, and two ways out — the form that does it (its fields plus {@code confirm=yes}) and a
 * link back that changes nothing. The action's handler renders this for any post without
 * {@code confirm=yes}, so nothing is done in one click, with or without JavaScript.
 */
record Confirmation(String title, List<String> effects, String action, Map<String, String> fields,
        String confirmLabel, String cancelHref) {

    static final String VIEW = "console/confirm";
    static final String CONFIRMED = "yes";

    static boolean confirmed(String confirm) {
        return CONFIRMED.equals(confirm);
    }
}
