package io.aurora.intelligence.store;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A traced decision with its feedback and the policy that made it, as offline evaluation reads it;
 * {@code refused} marks the trace of a router's refusal, whose outcome the service logged itself, and
 * {@code epsilon} is the exploration rate the decision was made with (for {@code q-table}, its state's), and
 * {@code receivedAtMs} when its feedback was received. {@code provider} and {@code sku} are the service's choice;
 * {@code ranProvider} and {@code ranSku} the candidate the caller's own scheduler ran it on instead, when its
 * feedback said so (shadow mode), and null otherwise; {@code ranPropensity} the probability the caller's rules chose
 * it with, when its feedback gave one; {@code explored} whether the policy's choice came from its exploring branch.
 */
public record EvaluationRow(long seq, Map<String, Object> context, Map<String, Object> psi, List<Map<String, Object>> candidates,
		String provider, String sku, double propensity, double reward, Map<String, Object> components,
		Map<String, Object> outcome, boolean refused, Map<String, Object> router, String policy, double epsilon,
		long receivedAtMs, @Nullable String ranProvider, @Nullable String ranSku, @Nullable Double ranPropensity,
		boolean explored) {

	/** A row whose policy's choice did not come from its exploring branch. */
	public EvaluationRow(long seq, Map<String, Object> context, Map<String, Object> psi, List<Map<String, Object>> candidates,
			String provider, String sku, double propensity, double reward, Map<String, Object> components,
			Map<String, Object> outcome, boolean refused, Map<String, Object> router, String policy, double epsilon,
			long receivedAtMs, @Nullable String ranProvider, @Nullable String ranSku, @Nullable Double ranPropensity) {
		this(seq, context, psi, candidates, provider, sku, propensity, reward, components, outcome, refused, router, policy,
				epsilon, receivedAtMs, ranProvider, ranSku, ranPropensity, false);
	}

	/** A row whose feedback gave no propensity for the candidate it named. */
	public EvaluationRow(long seq, Map<String, Object> context, Map<String, Object> psi, List<Map<String, Object>> candidates,
			String provider, String sku, double propensity, double reward, Map<String, Object> components,
			Map<String, Object> outcome, boolean refused, Map<String, Object> router, String policy, double epsilon,
			long receivedAtMs, @Nullable String ranProvider, @Nullable String ranSku) {
		this(seq, context, psi, candidates, provider, sku, propensity, reward, components, outcome, refused, router, policy,
				epsilon, receivedAtMs, ranProvider, ranSku, null, false);
	}

	/** A row whose task ran on the service's choice. */
	public EvaluationRow(long seq, Map<String, Object> context, Map<String, Object> psi, List<Map<String, Object>> candidates,
			String provider, String sku, double propensity, double reward, Map<String, Object> components,
			Map<String, Object> outcome, boolean refused, Map<String, Object> router, String policy, double epsilon,
			long receivedAtMs) {
		this(seq, context, psi, candidates, provider, sku, propensity, reward, components, outcome, refused, router, policy,
				epsilon, receivedAtMs, null, null, null, false);
	}

	/**
	 * Whether the caller's own scheduler chose the candidate the task ran on: its feedback named another than the
	 * service's choice, or the decision was a shadow one (its feedback may have been received by a replica of an older
	 * version, which kept no {@code ran}). Rows of earlier versions that kept {@code ran} equal to the choice on a
	 * decision the service placed are not shadow ones.
	 */
	public boolean shadow() {
		return Boolean.TRUE.equals(router.get("shadow"))
				|| ranProvider != null && !(ranProvider.equals(provider) && sku.equals(ranSku));
	}

	/** This row with its feedback scored {@code reward}, of {@code components}, instead. */
	public EvaluationRow withReward(double reward, Map<String, Object> components) {
		return new EvaluationRow(seq, context, psi, candidates, provider, sku, propensity, reward, components, outcome,
				refused, router, policy, epsilon, receivedAtMs, ranProvider, ranSku, ranPropensity, explored);
	}

	/** The provider the task ran on: the one its feedback named, else the service's choice. */
	public String ranOnProvider() {
		return ranProvider != null ? ranProvider : provider;
	}

	/** The sku the task ran on: the one its feedback named, else the service's choice. */
	public String ranOnSku() {
		return ranSku != null ? ranSku : sku;
	}

}
