package io.aurora.intelligence.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aurora.intelligence.evaluation.Breakdown;
import io.aurora.intelligence.evaluation.OffPolicyEvaluator;
import io.aurora.intelligence.evaluation.ShadowDecisions;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The estimates of one target policy's mean reward.
 *
 * @param policy the evaluated policy
 * @param model the model an {@code epsilon-greedy} policy is greedy over; left out for {@code uniform} and
 * {@code first}, which have none
 * @param objectives the objective weights the value is measured in; empty: the reward
 * @param samples logged decisions used
 * @param read logged decisions with feedback read, in the segment or not
 * @param effectiveSampleSize how many decisions the reweighted log is worth
 * @param estimates IPS, SNIPS (left out when the target never chooses a logged action) and doubly-robust, each with a 95% interval
 * @param logged the mean value the service's own choices earned on the samples, with its 95% interval (on-policy)
 * @param deterministicExcluded logged decisions left out because the policy that made them gave the other
 * candidates no chance (propensity 1, or ucb or an epsilon of 0 within a tie that left some out), which no
 * estimator can reweight
 * @param incompleteExcluded logged decisions left out because their feedback did not report an objective
 * the value is weighted on (scoring it 0 would pass for a neutral outcome)
 * @param meanWeight the mean importance weight, 1 in expectation when the log covers the policy
 * @param supported whether the mean weight comes within 0.1 of 1 (its 95% interval) and the samples and the
 * effective sample size both reach 30; when not, the log holds too few of the choices the policy would make,
 * and each interval is [-1, 1]
 * @param since the request's {@code since}, when it gave one
 * @param versus with a {@code baseline}: this policy's value minus the baseline's on the same decisions, paired
 * (doubly robust, with its 95% interval), whether the log supports both, and on how many decisions
 * @param shadow when any decisions read ran where the caller's own scheduler chose (their feedback named
 * {@code ran}, or shadow decisions): how many, on how many the service had answered the same candidate (in all, and
 * among the answers its policy labelled exploit, with how many were), how many
 * were scored as samples by the propensity their feedback gave, their mean value with its 95% interval, which
 * measures the caller's rules, and per candidate how often the rules ran it, the service answered it and labelled
 * that answer exploit, and what it earned; the others are left out of the estimates
 * @param rewardScale the reward settings of this replica, on which every logged outcome was scored again
 * @param context the request's {@code context}, when it gave one: the segment evaluated
 * @param by the estimates by each value of the context entry the request's {@code by} named
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EvaluationResponse(@Schema(allowableValues = { "uniform", "epsilon-greedy", "first" }) String policy,
		@Schema(allowableValues = { "squarecb", "q-table", "ucb" }) @Nullable String model, Map<String, Double> objectives, int samples,
		@Schema(description = "How many logged decisions with feedback were read: the newest limit, received since "
				+ "since, in the segment or not; the samples are among them") int read,
		@JsonProperty("effective_sample_size") double effectiveSampleSize, List<OffPolicyEvaluator.Estimate> estimates,
		@Schema(description = "The mean value the service's own choices earned on the samples (your rules' random "
				+ "picks left out, as deterministic decisions and shadow ones among several candidates are from every "
				+ "estimate), with its 95% "
				+ "interval ([-1, 1] below 30): what the logging policy earned, on-policy, on the decisions baseline "
				+ "logged compares the evaluated policy with") OffPolicyEvaluator.@Nullable Estimate logged,
		@JsonProperty("deterministic_excluded") int deterministicExcluded,
		@JsonProperty("incomplete_excluded") int incompleteExcluded, @JsonProperty("mean_weight") double meanWeight,
		boolean supported, @Nullable Instant since, OffPolicyEvaluator.@Nullable Versus versus,
		@Schema(description = "Decisions whose task ran where your own scheduler chose (feedback with ran, or a shadow "
				+ "decision): how many, on how many the service had answered that candidate (agreed), how many of its answers "
				+ "were explorations (explored) or exploitations (exploited) and on how many of the latter it agreed "
				+ "(agreed_exploiting), how many reported "
				+ "the objectives (scored), how many were scored as samples because their feedback gave ran.propensity "
				+ "(sampled; the others are left out of the estimates but train the fitted models), the mean value "
				+ "your rules earned on them, with its 95% interval, and per candidate (the 16 most often run or "
				+ "answered) how often your rules ran it, the service answered it (answered) and labelled that answer "
				+ "exploit (exploited), and what it earned where it ran")
		@Nullable ShadowDecisions shadow,
		@Schema(description = "The reward settings of the replica that answered (REWARD_LATENCY_MS as latency_ms, "
				+ "REWARD_COST as cost, REWARD_LATENCY_REFERENCE as latency_reference), on which every logged outcome "
				+ "was scored again, whenever it was received") @JsonProperty("reward_scale") @Nullable Map<String, Object> rewardScale,
		@Schema(description = "The segment evaluated: the request's context, when it gave one") @Nullable Map<String, Object> context,
		@Schema(description = "The estimates by each value of the context entry the request's by named, for the "
				+ "values with the most samples") @Nullable Breakdown by) {
}
