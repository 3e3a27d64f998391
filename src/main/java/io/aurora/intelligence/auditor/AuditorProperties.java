package io.aurora.intelligence.auditor;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Auditor, bound from {@code FEEDBACK_WINDOW_S}, {@code CHECKPOINT_INTERVAL_S},
 * {@code RETENTION_S}, {@code REWARD_LATENCY_MS}, {@code REWARD_LATENCY_REFERENCE} and {@code REWARD_COST}.
 *
 * @param feedbackWindowS seconds after a decision during which its feedback is accepted (default one
 * day); later feedback is answered 410 Gone, which bounds how long a leaked trace id can poison learning
 * @param checkpointIntervalS seconds between model snapshots (0: none); a restart replays only the log
 * after the newest snapshot
 * @param retentionS seconds a decision trace and its feedback are kept (default 7 days; 0 keeps
 * everything): older traces without feedback are deleted, and older feedback log entries with their
 * traces once a model snapshot includes them; at least {@code feedbackWindowS}
 * @param rewardLatencyMs the latency, in ms, whose part of the reward scores 0 (the seed's 200)
 * @param rewardCost the cost whose part of the reward scores 0 (the seed's 1)
 * @param rewardLatencyReference where that latency comes from: {@code fixed}, {@code rewardLatencyMs} for every
 * decision (the seed's rule), or {@code request}, the decision's own {@code latency_ms} budget where it gave one of
 * 1 ms or more
 */
@Validated
@ConfigurationProperties("aurora.auditor")
record AuditorProperties(@Min(1) @Max(31_536_000) long feedbackWindowS,
		@Min(0) @Max(86_400) long checkpointIntervalS, @Min(0) @Max(3_153_600_000L) long retentionS,
		@DecimalMin("1") @DecimalMax("3600000") double rewardLatencyMs,
		@DecimalMin("0.000001") @DecimalMax("1000000") double rewardCost, @NotNull LatencyReference rewardLatencyReference) {

	/** Where the latency that scores 0 comes from. */
	enum LatencyReference {

		/** {@code REWARD_LATENCY_MS}, whatever the decision asked for. */
		FIXED,

		/** The decision's {@code latency_ms}, when it gave one of 1 ms or more; {@code REWARD_LATENCY_MS} otherwise. */
		REQUEST

	}

	/** The scale feedback's latency and cost are scored on, whatever the decision asked for. */
	RewardFunction.Scale rewardScale() {
		return new RewardFunction.Scale(rewardLatencyMs, rewardCost);
	}

	/**
	 * The scale the feedback of a decision made with {@code context} is scored on: {@link #rewardScale()}, with the
	 * context's {@code latency_ms} as its latency under {@link LatencyReference#REQUEST} when it is a number of at least
	 * 1 ms, the least {@code REWARD_LATENCY_MS} takes (a stored context passed the decision's checks, so a string in it
	 * is a plain decimal); a smaller budget would score every latency -1.
	 */
	RewardFunction.Scale rewardScale(Map<String, ?> context) {
		if (rewardLatencyReference == LatencyReference.REQUEST) {
			double budget = budget(context.get("latency_ms"));
			if (budget >= 1 && Double.isFinite(budget)) {
				return new RewardFunction.Scale(budget, rewardCost);
			}
		}
		return rewardScale();
	}

	/**
	 * Under {@link LatencyReference#FIXED}, when the decision's {@code latency_ms} budget is at least twice
	 * {@code REWARD_LATENCY_MS}, so that a job that takes its budget scores its latency -1: what to tell the caller;
	 * null otherwise.
	 */
	@Nullable String budgetBeyondScale(Map<String, ?> context) {
		double budget = budget(context.get("latency_ms"));
		if (rewardLatencyReference != LatencyReference.FIXED || !(budget >= 2 * rewardLatencyMs) || !Double.isFinite(budget)) {
			return null;
		}
		return "the decision's latency_ms budget (" + plain(budget) + " ms) is at least twice REWARD_LATENCY_MS ("
				+ plain(rewardLatencyMs) + " ms), so a job that takes its budget (any latency of " + plain(2 * rewardLatencyMs)
				+ " ms or more) scores its latency -1: set REWARD_LATENCY_MS to a latency your market calls middling, or "
				+ "REWARD_LATENCY_REFERENCE=request";
	}

	private static String plain(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	private static double budget(@Nullable Object value) {
		if (value instanceof Number n) {
			return n.doubleValue();
		}
		if (value instanceof String s && !s.isBlank()) {
			try {
				return Double.parseDouble(s.strip());
			}
			catch (NumberFormatException ex) {
				return Double.NaN;
			}
		}
		return Double.NaN;
	}

	@AssertTrue(message = "RETENTION_S must be 0 (keep everything) or at least FEEDBACK_WINDOW_S, so that no trace "
			+ "that may still receive feedback is deleted")
	boolean isRetentionCoveringFeedbackWindow() {
		return retentionS == 0 || retentionS >= feedbackWindowS;
	}

}
