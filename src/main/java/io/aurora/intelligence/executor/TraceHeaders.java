package io.aurora.intelligence.executor;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.hc.core5.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * Adds the trace context of the decision being made to its router call ({@code traceparent}, and
 * {@code tracestate} when the caller sent one), so that the router's work shows in the caller's trace as a
 * child of this service's span.
 */
@FunctionalInterface
interface TraceHeaders {

	/** Adds nothing: no tracing. */
	TraceHeaders NONE = request -> {
	};

	/** Sets the current trace context's headers on {@code request}; without one, sets none. */
	void addTo(HttpRequest request);

	/** The current span's context, as {@code propagator} writes it; {@link #NONE} without tracing. */
	static TraceHeaders of(@Nullable Tracer tracer, @Nullable Propagator propagator) {
		if (tracer == null || propagator == null) {
			return NONE;
		}
		return request -> {
			TraceContext context = tracer.currentTraceContext().context();
			if (context != null) {
				propagator.inject(context, request, HttpRequest::setHeader);
			}
		};
	}

}
