package io.aurora.intelligence.executor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjIntConsumer;

import io.aurora.intelligence.strategist.Decision;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;

/**
 * Asks the router about a decision's candidates in the model's order: the next one after a refusal or a 5xx,
 * up to {@code ROUTER_MAX_ATTEMPTS} calls within the router's time bound, skipping candidates whose own circuit
 * is open ({@link CandidateCircuits}) without a call.
 */
final class Failover {

	/** The statuses of router calls that were never made. */
	private static final Set<String> NOT_CALLED = Set.of("open", "busy");

	private final RouterClient router;

	private final Telemetry telemetry;

	private final int maxAttempts;

	/** Whether there is a router to ask; without one ({@code AURORA_ROUTER_URL=none}) no decision is routed. */
	private final boolean routing;

	Failover(RouterClient router, Telemetry telemetry, int maxAttempts) {
		this(router, telemetry, maxAttempts, true);
	}

	Failover(RouterClient router, Telemetry telemetry, int maxAttempts, boolean routing) {
		this.router = router;
		this.telemetry = telemetry;
		this.maxAttempts = maxAttempts;
		this.routing = routing;
	}

	/**
	 * What the router said about a decision's candidates.
	 *
	 * @param attempts each call's candidate and result, as traced
	 * @param skipped the candidates skipped for their open circuits
	 * @param route the last result
	 * @param first the result for the model's first choice (a skip is an {@code open} result)
	 * @param lastCall the last call made, null when none was
	 * @param lastIndex the candidate of the last result
	 */
	record Routed(List<Map<String, Object>> attempts, List<Skipped> skipped, RouteResult route, RouteResult first,
			@Nullable RouteResult lastCall, int lastIndex) {

		/** Whether the router accepted the last candidate asked: a refusal's status is {@code rejected}. */
		boolean accepted() {
			return "ok".equals(route.status());
		}

	}

	/**
	 * A candidate skipped without a call.
	 *
	 * @param index its position among the placement's candidates
	 * @param trace its provider and SKU and why it was skipped, as traced
	 */
	record Skipped(int index, Map<String, Object> trace) {
	}

	/** A refusal: a 4xx that refuses the candidate, or a 2xx that says there is no capacity. */
	static boolean refused(RouteResult route) {
		return "rejected".equals(route.status());
	}

	/**
	 * Routes {@code placement}, telling {@code onRefusal} of each candidate the router refused, before the next is tried;
	 * a shadow placement, like any without a router, is not routed.
	 */
	Routed route(Placement placement, ObjIntConsumer<RouteResult> onRefusal) {
		Decision decision = placement.decision();
		if (!routing || placement.shadow()) {
			return new Routed(List.of(), List.of(), RouteResult.NO_ROUTER, RouteResult.NO_ROUTER, null,
					decision.choice().index());
		}
		List<Integer> order = new ArrayList<>();
		order.add(decision.choice().index());
		order.addAll(decision.fallbacks());
		long deadline = System.nanoTime() + router.timeoutNanos();
		List<Map<String, Object>> attempts = new ArrayList<>();
		List<Skipped> skipped = new ArrayList<>();
		RouteResult route = null;
		RouteResult first = null;
		RouteResult lastCall = null;
		int index = order.get(0);
		for (int k = 0; k < order.size() && attempts.size() < maxAttempts; k++) {
			CandidateCircuits.Admission admission = router.admit(placement.candidates().get(order.get(k)), placement.mayTeach());
			if (admission.skipped() != null) {
				Map<String, Object> skip = new LinkedHashMap<>(candidate(placement, order.get(k)));
				skip.put("reason", admission.skipped());
				skipped.add(new Skipped(order.get(k), skip));
				first = k == 0 ? new RouteResult("open", null, null, null, admission.skipped(), 0) : first;
				continue;
			}
			index = order.get(k);
			route = router.route(request(placement, index),
					attempts.isEmpty() ? router.timeoutNanos() : deadline - System.nanoTime(), admission, placement.mayTeach());
			telemetry.routerCall(route.status());
			lastCall = NOT_CALLED.contains(route.status()) ? lastCall : route;
			first = first == null ? route : first;
			Map<String, Object> attempt = new LinkedHashMap<>(candidate(placement, index));
			attempt.putAll(route.toTrace());
			attempts.add(attempt);
			boolean refused = refused(route);
			if (refused) {
				onRefusal.accept(route, index);
			}
			boolean failedHere = route.httpStatus() != null && route.httpStatus() >= 500;
			if (!(refused || failedHere) || deadline - System.nanoTime() <= 0) {
				break;
			}
		}
		if (route == null) {
			route = new RouteResult("open", null, null, null, "every candidate's circuit is open: the router failed each "
					+ "repeatedly, so none is asked until a trial call after ROUTER_COOLDOWN_S", 0);
			telemetry.routerCall(route.status());
		}
		return new Routed(attempts, skipped, route, first == null ? route : first, lastCall, index);
	}

	private static Map<String, Object> request(Placement placement, int index) {
		Map<String, Object> candidate = placement.candidates().get(index);
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("task_id", placement.taskId());
		request.put("provider", candidate.get("provider"));
		request.put("sku", candidate.get("sku"));
		request.put("metadata", candidate.getOrDefault("metadata", Map.of()));
		request.put("context", placement.context());
		return request;
	}

	private static Map<String, Object> candidate(Placement placement, int index) {
		Map<String, Object> candidate = placement.candidates().get(index);
		return Map.of("provider", candidate.get("provider"), "sku", candidate.get("sku"));
	}

}
