package io.aurora.intelligence.executor;

/**
 * The executed, traced decision.
 *
 * @param traceId the id under which the trace is stored; it authorises feedback
 * @param score the router's score when it answered one, else the model's estimate
 * @param scoreSource {@code router} or {@code model}
 * @param routerStatus what became of the router call, as in {@link RouteResult#status()}
 */
public record Execution(String traceId, double score, String scoreSource, String routerStatus) {
}
