package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The part of a stored trace that feedback needs: the context and Ψ reading it was made in, its choice, and whether
 * the caller's own scheduler placed the task ({@code shadow}). {@code explored} is whether the policy labelled its answer
 * an exploration, {@code null} where the router placed another candidate after the policy's own choice was refused or skipped.
 * {@code vouched} is whether the decision's count could give its provider a metrics tag: its caller was authorised, or
 * the router accepted the placement (traces stored before this was recorded go by the placement alone).
 */
public record StoredTrace(String traceId, Instant createdAt, String state, String provider, String sku,
		List<Map<String, Object>> candidates, Map<String, Object> context, Map<String, Object> psi, boolean shadow,
		@Nullable Boolean explored, boolean vouched) {
}
