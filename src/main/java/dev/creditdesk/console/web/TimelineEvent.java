package dev.creditdesk.console.web;

import java.time.Instant;

/**
 * One thing that happened to an account, as a case's timeline shows it: when, what kind
 * ({@code order}, {@code charge}, {@code refund}, {@code credits}, {@code task}, {@code request};
 * later {@code incident}, {@code dispute}), a one-line title, details, and a console link or null.
 */
record TimelineEvent(Instant at, String kind, String title, String detail, String link) {
}
