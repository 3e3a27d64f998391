package io.aurora.intelligence.executor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What became of one router call.
 *
 * @param status {@code ok}, {@code rejected} (400, 409, 410 or 422: this candidate cannot be placed),
 * {@code error} (other 4xx, 5xx, no connection), {@code timeout} (no usable answer to a request the router
 * may have read, so may have placed), {@code open}
 * (not called: the breaker is cooling down), {@code busy} (not called: no free connection in time) or {@code none}
 * (there is no router: {@code AURORA_ROUTER_URL=none})
 * @param httpStatus the HTTP status when the router answered
 * @param score the router's {@code score} when it answered one
 * @param answer the router's JSON answer, kept for the trace
 * @param error why there is no usable answer
 * @param elapsedMs time spent on the call
 */
record RouteResult(String status, @Nullable Integer httpStatus, @Nullable Double score,
		@Nullable Object answer, @Nullable String error, double elapsedMs) {

	/** Every {@link #status}, each a value of the router calls counter's {@code result} tag. */
	static final List<String> STATUSES = List.of("ok", "rejected", "error", "timeout", "open", "busy");

	/**
	 * The status of a decision made with no router ({@code AURORA_ROUTER_URL=none}): no call, so not among
	 * {@link #STATUSES} and never counted as a call.
	 */
	static final String NOT_ROUTED = "none";

	/** The result of every decision when there is no router: the caller places the task itself. */
	static final RouteResult NO_ROUTER = new RouteResult(NOT_ROUTED, null, null, null, null, 0);

	/** Refuses a status outside {@link #STATUSES} (or {@link #NOT_ROUTED}), which would escape the counter's registered series. */
	public RouteResult {
		if (!STATUSES.contains(status) && !NOT_ROUTED.equals(status)) {
			throw new IllegalArgumentException("unknown router call status " + status);
		}
	}

	/** The result as stored in the trace. */
	Map<String, Object> toTrace() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("status", status);
		if (httpStatus != null) {
			map.put("http_status", httpStatus);
		}
		if (answer != null) {
			map.put("answer", answer);
		}
		if (error != null) {
			map.put("error", error);
		}
		map.put("elapsed_ms", elapsedMs);
		return map;
	}

}
