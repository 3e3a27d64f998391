package io.aurora.intelligence.store;

/** A trace id with the time of its decision or of its feedback, in epoch milliseconds, as retention reads them. */
public record AgedTrace(String traceId, long atMs) {
}
