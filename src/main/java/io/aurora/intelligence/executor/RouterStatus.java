package io.aurora.intelligence.executor;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How the Aurora Router has been answering, for {@code GET /status}.
 *
 * @param circuit {@code closed} (calls go through), {@code open} (skipped while cooling down) or
 * {@code half_open} (a trial call decides)
 * @param lastResult the last call's result ({@code ok}, {@code rejected}, {@code error} or {@code timeout}),
 * null before the first; only calls the breaker counts replace it, a {@code GET /health} trial's too (not
 * those the open circuit skips, nor those cut short by the decision's budget or a wait for a connection),
 * so it says why the circuit opened, or closed
 * @param lastError why the last call had no usable answer, null when it had one
 * @param lastAt when the last call ended
 */
public record RouterStatus(String circuit, @Nullable String lastResult, @Nullable String lastError,
		@Nullable Instant lastAt) {
}
