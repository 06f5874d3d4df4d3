package dev.creditdesk.refunds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What was decided on a case: approve with remedies (as applied) or reject, and the note that explains it. */
public record CaseDecision(boolean approve, List<Remedy> remedies, String note) {

    public static CaseDecision approval(List<Remedy> remedies, String note) {
        return new CaseDecision(true, List.copyOf(remedies), note);
    }

    public static CaseDecision rejection(String note) {
        return new CaseDecision(false, List.of(), note);
    }

    /** The decision as the case keeps it and the API shows it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("decision", approve ? "approve" : "reject");
        json.put("remedies", remedies.stream().map(Remedy::toJson).toList());
        json.put("note", note);
        return json;
    }

    /** The remedies of a decision as a case keeps it (none for no decision). */
    @SuppressWarnings("unchecked")
    public static List<Remedy> remedies(Map<String, Object> decision) {
        if (decision == null) {
            return List.of();
        }
        List<Remedy> remedies = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) decision.getOrDefault("remedies", List.of())) {
            String type = String.valueOf(r.get("type"));
            String note = r.get("note") == null ? null : r.get("note").toString();
            try {
                remedies.add(Remedy.recorded(r));
            } catch (IllegalArgumentException e) {
                remedies.add(new Remedy.Other(note == null ? type.replace('_', ' ') : note));
            }
        }
        return remedies;
    }
}
