package io.aurora.intelligence.executor;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.hc.core5.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * Traces a decision's router call: a client span, child of the decision's, named {@value #SPAN_NAME}, whose
 * context the call carries ({@code traceparent}, and {@code tracestate} when the caller sent one), so that
 * the router's work shows in the caller's trace under it, and the call's time and outcome show even when
 * the router does not trace.
 */
@FunctionalInterface
interface RouterTracing {

	/** The router call's span name. */
	String SPAN_NAME = "aurora-router route";

	/** Traces nothing: no tracing. */
	RouterTracing NONE = request -> Call.NONE;

	/** Starts the span of a call about to send {@code request}, and sets its context on the request. */
	Call start(HttpRequest request);

	/** A router call being traced. */
	@FunctionalInterface
	interface Call {

		/** A call not traced. */
		Call NONE = (status, error) -> {
		};

		/** Ends the call's span with the call's {@link RouteResult#status()}, and its error when there is one. */
		void end(String status, @Nullable String error);

	}

	/** Spans by {@code tracer}, their context written by {@code propagator}; {@link #NONE} without tracing. */
	static RouterTracing of(@Nullable Tracer tracer, @Nullable Propagator propagator) {
		if (tracer == null || propagator == null) {
			return NONE;
		}
		return request -> {
			Span decision = tracer.currentSpan();
			if (decision == null) {
				return Call.NONE;
			}
			Span span = tracer.spanBuilder().setParent(decision.context()).name(SPAN_NAME).kind(Span.Kind.CLIENT)
				.remoteServiceName("aurora-router").start();
			propagator.inject(span.context(), request, HttpRequest::setHeader);
			return (status, error) -> {
				span.tag("aurora.router.result", status);
				if (error != null) {
					span.error(new RouterCallFailed(error));
				}
				span.end();
			};
		};
	}

	/** Why a traced call failed, as its span records it; no stack trace is taken. */
	final class RouterCallFailed extends RuntimeException {

		RouterCallFailed(String message) {
			super(message, null, false, false);
		}

	}

}
