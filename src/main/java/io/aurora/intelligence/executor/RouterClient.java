package io.aurora.intelligence.executor;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.service.annotation.PostExchange;

/**
 * Calls {@code POST /route} on the Aurora Router through a circuit breaker. It never throws: every
 * failure becomes a {@link RouteResult} that says what happened, so a decision is always answered.
 */
class RouterClient {

	/** The declarative HTTP interface of the Aurora Router. */
	interface RouterApi {

		@PostExchange("/route")
		@Nullable JsonNode route(@RequestBody Map<String, Object> request);

	}

	private final RouterApi api;

	private final CircuitBreaker breaker;

	private final JsonMapper json;

	RouterClient(RouterApi api, CircuitBreaker breaker, JsonMapper json) {
		this.api = api;
		this.breaker = breaker;
		this.json = json;
	}

	/** Whether calls are currently being skipped or limited to a trial because the router kept failing. */
	boolean circuitOpen() {
		return breaker.getState() != CircuitBreaker.State.CLOSED;
	}

	RouteResult route(Map<String, Object> request) {
		long start = System.nanoTime();
		try {
			JsonNode answer = breaker.executeSupplier(() -> api.route(request));
			return answered(answer, start);
		}
		catch (CallNotPermittedException ex) {
			return new RouteResult("open", null, null, null, "router circuit open, cooling down", millis(start));
		}
		catch (HttpClientErrorException ex) {
			return new RouteResult("rejected", ex.getStatusCode().value(), null, body(ex), ex.getStatusText(), millis(start));
		}
		catch (RestClientResponseException ex) {
			return new RouteResult("error", ex.getStatusCode().value(), null, body(ex), "router answered " + ex.getStatusCode().value(),
					millis(start));
		}
		catch (ResourceAccessException ex) {
			boolean timeout = causedBy(ex, HttpTimeoutException.class);
			String why = timeout ? "no answer within the timeout"
					: causedBy(ex, ConnectException.class) ? "connection refused" : String.valueOf(ex.getMessage());
			return new RouteResult(timeout ? "timeout" : "error", null, null, null, why, millis(start));
		}
		catch (RestClientException | IllegalStateException ex) {
			return new RouteResult("error", 200, null, null, "unreadable answer: " + ex.getClass().getSimpleName(), millis(start));
		}
	}

	private RouteResult answered(@Nullable JsonNode answer, long start) {
		if (answer == null || !answer.isObject()) {
			return new RouteResult("error", 200, null, null, "router answered no JSON object", millis(start));
		}
		JsonNode score = answer.get("score");
		Double value = score != null && score.isNumber() && Double.isFinite(score.doubleValue()) ? score.doubleValue() : null;
		Object kept = json.convertValue(answer, Object.class);
		return new RouteResult("ok", 200, value, kept, value == null ? "answer has no numeric score" : null, millis(start));
	}

	private @Nullable Object body(RestClientResponseException ex) {
		String text = ex.getResponseBodyAsString();
		if (text.isEmpty() || text.length() > 16_384) {
			return null;
		}
		try {
			return json.readValue(text, Object.class);
		}
		catch (RuntimeException notJson) {
			return text;
		}
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	private static double millis(long start) {
		return (System.nanoTime() - start) / 1e6;
	}

}
