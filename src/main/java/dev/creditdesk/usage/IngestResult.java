package dev.creditdesk.usage;

/** What a batch did: events recorded now, and events already recorded by an earlier call (not counted again). */
public record IngestResult(int created, int alreadyRecorded) {
}
