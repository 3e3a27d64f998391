package io.aurora.intelligence.executor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.aurora.intelligence.strategist.Decision;
import org.jspecify.annotations.Nullable;

/**
 * A decision ready to be executed: the request it answers, the candidates the policy chose among (each
 * with its metadata), the decision, how long the Strategist took, whether the caller may teach the
 * model (may send feedback), which decides whether the router's refusals are learned, the
 * {@code Idempotency-Key} it claimed, if any, and whether the caller's own scheduler places the task ({@code shadow}:
 * the router is not asked).
 */
public record Placement(String taskId, Map<String, Object> context, List<Map<String, Object>> candidates,
		Decision decision, long strategistNanos, boolean mayTeach, @Nullable Keyed keyed, boolean shadow) {

	/** A placement the service routes (unless no router is configured). */
	public Placement(String taskId, Map<String, Object> context, List<Map<String, Object>> candidates, Decision decision,
			long strategistNanos, boolean mayTeach, @Nullable Keyed keyed) {
		this(taskId, context, candidates, decision, strategistNanos, mayTeach, keyed, false);
	}

	/**
	 * Whether this decision's count may name its provider, and so its feedback's: its caller may teach the model, or
	 * the router {@code placed} it.
	 */
	public boolean vouched(boolean placed) {
		return mayTeach || placed;
	}

	/**
	 * A claimed {@code Idempotency-Key} and the answer to store under it, in the transaction of the
	 * decision's trace.
	 *
	 * @param key the key
	 * @param claimedAt when the decision claimed it
	 * @param answer the answer's body for the executed decision
	 * @param unanswered told what the router answered when the decision then could not be answered (its trace was
	 * not stored), so that a repeat's "never answered" can say it
	 */
	public record Keyed(String key, Instant claimedAt, Function<Execution, String> answer, Consumer<RouterOutcome> unanswered) {
	}

	/**
	 * What the router last answered for a decision.
	 *
	 * @param provider the candidate's provider
	 * @param sku the candidate's SKU
	 * @param result the call's result, as {@code router_result} gives it ({@code ok}, {@code rejected}, {@code timeout}, …)
	 * @param placed whether the router accepted the candidate
	 */
	public record RouterOutcome(String provider, String sku, String result, boolean placed) {
	}

}
