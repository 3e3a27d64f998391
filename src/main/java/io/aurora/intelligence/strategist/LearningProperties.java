package io.aurora.intelligence.strategist;

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
 * The learner and its hyper-parameters, bound from {@code AURORA_POLICY}, {@code EPSILON},
 * {@code ALPHA}, {@code GAMMA}, {@code EPSILON_DECAY}, {@code EPSILON_MIN}, {@code REPLAY_SIZE} and the
 * rest of the names in the README; out-of-range values refuse to start.
 *
 * @param policy which learner decides: {@code squarecb} (default), {@code q-table} or {@code ucb}
 * @param epsilon exploration rate of {@code q-table}
 * @param alpha learning rate of {@code q-table}, which needs it above 0
 * @param gamma discount factor of {@code q-table}, which needs it below 1 (a state is mostly its own next state)
 * @param epsilonDecay per-visit decay of a state's ε in {@code q-table}; 1 keeps ε constant
 * @param epsilonMin floor of a state's decayed ε, at most {@code epsilon} when ε decays
 * @param replaySize experience-replay buffer size (each transition keeps its candidates); 0 turns replay off
 * @param ucbC exploration constant of {@code ucb}
 * @param squarecbGamma0 exploration scale of {@code squarecb}: γ = min(max, γ0·√(1 + updates))
 * @param squarecbGammaMax cap on γ of {@code squarecb}
 * @param forgetting weight each past observation keeps per new one in {@code squarecb}
 * @param rewardWeights default objective weights, e.g. {@code latency=0.6,cost=0.2,reliability=0.2};
 * empty keeps the seed's scalar reward for requests that state no objectives
 * @param maxActions candidates a model keeps learned values for, the most recently learned: in all for
 * {@code squarecb} (up to about 126 KB of heap each, as measured by {@code bench/footprint.sh}), per state
 * for {@code q-table} and {@code ucb}
 * @param maxPairs {@code q-table} and {@code ucb}: state-candidate values kept in all; beyond it the
 * least recently learned states are forgotten
 */
@Validated
@ConfigurationProperties("aurora.learning")
public record LearningProperties(@NotNull PolicyName policy, @DecimalMin("0") @DecimalMax("1") double epsilon,
		@DecimalMin("0") @DecimalMax("1") double alpha, @DecimalMin("0") @DecimalMax("1") double gamma,
		@DecimalMin("0") @DecimalMax("1") double epsilonDecay, @DecimalMin("0") @DecimalMax("1") double epsilonMin,
		@Min(0) @Max(100_000) int replaySize, @DecimalMin("0") @DecimalMax("10") double ucbC,
		@DecimalMin("0.001") @DecimalMax("100000") double squarecbGamma0,
		@DecimalMin("0.001") @DecimalMax("1000000") double squarecbGammaMax,
		@DecimalMin("0.5") @DecimalMax("1") double forgetting, @Nullable String rewardWeights,
		@Min(value = 256, message = "MAX_LEARNED_ACTIONS must be at least 256, the most candidates one decision may offer")
		@Max(4_096) int maxActions, @Min(1) @Max(10_000_000) int maxPairs) {

	@AssertTrue(message = "AURORA_POLICY=q-table needs ALPHA above 0: at 0 it would learn nothing")
	boolean isQTableLearning() {
		return policy != PolicyName.Q_TABLE || alpha > 0;
	}

	@AssertTrue(message = "AURORA_POLICY=q-table needs GAMMA below 1: a state is mostly its own next state, so at 1 its "
			+ "values would grow without bound")
	boolean isQTableBounded() {
		return policy != PolicyName.Q_TABLE || gamma < 1;
	}

	@AssertTrue(message = "With AURORA_POLICY=q-table and EPSILON_DECAY below 1, EPSILON_MIN must not exceed EPSILON: "
			+ "decay would raise a state's exploration")
	boolean isEpsilonFloorBelowEpsilon() {
		return policy != PolicyName.Q_TABLE || epsilonDecay == 1 || epsilonMin <= epsilon;
	}

	@AssertTrue(message = "REPLAY_SIZE needs AURORA_POLICY=q-table: squarecb and ucb average outcomes, so a replay would "
			+ "count an old outcome again as new evidence (inflating observation counts and confidence)")
	boolean isReplayForQTable() {
		return replaySize == 0 || policy == PolicyName.Q_TABLE;
	}

	/** Refuses weights that do not parse, naming why (an unknown objective, no positive weight, a bad number). */
	public LearningProperties {
		if (rewardWeights != null && !rewardWeights.isBlank()) {
			try {
				Objectives.parse(rewardWeights);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("REWARD_WEIGHTS must look like latency=0.4,cost=0.3,reliability=0.3 "
						+ "with non-negative weights, at least one positive: " + ex.getMessage(), ex);
			}
		}
	}

	@AssertTrue(message = "REWARD_WEIGHTS needs AURORA_POLICY=squarecb: q-table and ucb learn only the seed's scalar reward")
	boolean isRewardWeightsSupported() {
		return policy != PolicyName.Q_TABLE && policy != PolicyName.UCB || defaultWeights().isEmpty();
	}

	/** The weights {@code REWARD_WEIGHTS} sets for requests without objectives; empty: the seed's scalar reward. */
	Map<String, Double> defaultWeights() {
		return rewardWeights == null || rewardWeights.isBlank() ? Map.of() : Objectives.parse(rewardWeights);
	}

	/** The learners the service can run. */
	public enum PolicyName {

		/** Contextual bandit over an online ridge regressor with inverse-gap-weighted exploration. */
		SQUARECB,

		/** Seed-compatible ε-greedy tabular Q-learning, with ε decay. */
		Q_TABLE,

		/** Tabular UCB1. */
		UCB

	}

	/** Builds the configured policy, wrapped in an experience-replay buffer when {@code replaySize} is set. */
	public Policy createPolicy() {
		Policy p = switch (policy) {
			case SQUARECB -> new SquareCb(squarecbGamma0, Math.max(squarecbGamma0, squarecbGammaMax), forgetting, 1.0,
					maxActions);
			case Q_TABLE -> new EpsilonGreedyQTable(epsilon, alpha, gamma, epsilonDecay, epsilonMin, maxActions, maxPairs);
			case UCB -> new UcbTable(ucbC, maxActions, maxPairs);
		};
		return replaySize > 0 ? new ExperienceReplay(p, replaySize) : p;
	}

}
