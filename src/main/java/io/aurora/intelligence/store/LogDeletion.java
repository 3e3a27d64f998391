package io.aurora.intelligence.store;

/** What deleting feedback log entries deleted: the entries, and the traces that went with them. */
public record LogDeletion(int entries, int traces) {
}
