package dev.creditdesk.refunds;

import java.time.Instant;

/** One move of a case: from which status ({@code null} when it was opened) to which, by whom, when and why. */
public record CaseEvent(CaseStatus from, CaseStatus to, String actor, String reason, Instant at) {
}
