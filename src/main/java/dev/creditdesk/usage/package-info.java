/**
 * Usage the product reports and the aggregates policies read: events that cost no credits
 * (downloads, exports, voice clones, minutes of audio), recorded once per product id, and the
 * completed tasks the tasks module records here. It answers counts and quantities per account,
 * kind and time span; it never touches credits, and never counts a task that did not complete.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "accounts", "policy"})
package dev.creditdesk.usage;
