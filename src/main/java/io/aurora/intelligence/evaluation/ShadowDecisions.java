package io.aurora.intelligence.evaluation;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aurora.intelligence.strategist.Action;
import org.jspecify.annotations.Nullable;

/**
 * The logged decisions whose task ran where the caller's own scheduler chose (a shadow decision, or feedback that named
 * {@code ran}), among several candidates: an on-policy measure of the caller's rules on those decisions, and no
 * samples of the logging policy, unless the rules chose at random and said with what propensity.
 *
 * @param decisions how many were read
 * @param agreed how many of them the service had answered with the candidate the caller's scheduler ran
 * @param explored how many of the service's answers were choices its policy labelled {@code explore}
 *        ({@code explanations.exploration})
 * @param exploited how many of the service's answers were choices its policy labelled {@code exploit}
 * @param agreedExploiting how many of the answers its policy labelled {@code exploit} named the candidate the caller's
 *        scheduler ran: the agreement that explorations do not dilute (a failover placement, the policy's choice
 *        having failed, is in neither count)
 * @param scored how many of them the value averages: those whose feedback reported every weighted objective (all,
 *        when the value is the reward)
 * @param sampled how many of them were scored as samples too: shadow decisions whose feedback gave the propensity the
 *        caller's rules, choosing at random, chose with
 * @param value the mean reward (or weighted objective score) they earned, with its 95% interval: the rules' own value
 *        on those decisions ([-1, 1] for fewer than 30; null, and left out of the answer, when none was scored)
 * @param candidates the candidates the rules ran or the service answered most often (the two counts added), at most
 *        {@value #SHOWN}, the most often run first: where the two part ways
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShadowDecisions(int decisions, int agreed, int explored, int exploited,
		@JsonProperty("agreed_exploiting") int agreedExploiting, int scored, int sampled,
		OffPolicyEvaluator.@Nullable Estimate value, List<ShadowCandidate> candidates) {

	/** The most candidates the summary lists. */
	public static final int SHOWN = 16;

	/**
	 * The most distinct candidates one evaluation follows (about 1 KB each); those met after them, as the log is read
	 * newest first, are in the totals only.
	 */
	static final int FOLLOWED = 4096;

	/**
	 * One candidate of the shadow decisions.
	 *
	 * @param provider the candidate's provider
	 * @param sku the candidate's SKU
	 * @param ran on how many of them the caller's scheduler ran the task on it
	 * @param answered how many of them the service had answered with it
	 * @param exploited how many of those answers its policy labelled {@code exploit}: where the service, not its
	 *        exploring, would place the task (a failover placement is not counted)
	 * @param value the mean value the tasks the rules ran on it earned, as the summary's value is (null when none was
	 *        scored)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ShadowCandidate(String provider, String sku, int ran, int answered, int exploited,
			OffPolicyEvaluator.@Nullable Estimate value) {
	}

	/**
	 * Why a log of these shadow decisions and fewer than two {@code others} (samples) cannot be evaluated, with what the
	 * shadow ones measured.
	 */
	String whyTooFewSamples(int others) {
		return "of the logged decisions read, " + decisions + " ran where your own scheduler chose (shadow "
				+ "decisions, or feedback that named ran), which measures your rules, not a policy the service could follow, "
				+ "and " + others + (others == 1 ? " was a sample" : " were samples") + " (the service's own choices, or your rules' random picks that gave "
				+ "ran.propensity, reporting the weighted objectives or not): an evaluation needs at least two of those. "
				+ (value == null ? "None of your rules' decisions reported the weighted objectives"
						: "Your rules' decisions earned a mean of " + round(value.value()) + " (95% interval "
								+ round(value.low()) + " to " + round(value.high()) + ", over " + scored + ")")
				+ ", and the service's answer named the candidate your scheduler ran on " + agreed + " of them ("
				+ agreedExploiting + " of the " + exploited + " answers its policy labelled exploit)";
	}

	private static double round(double x) {
		return Math.round(x * 1000) / 1000.0;
	}

	/** Adds up shadow decisions as an evaluation reads them. */
	static final class Tally {

		private final RunningMean total = new RunningMean();

		private final Map<Action, Counts> candidates = new HashMap<>();

		private int decisions;

		private int agreed;

		private int explored;

		private int agreedExploiting;

		private int exploited;

		private int sampled;

		/**
		 * Counts one whose task ran on {@code ran} where the service had answered {@code answered}, by exploring when
		 * {@code explored} (null: a failover placement, neither exploring nor exploiting); {@code value} is NaN
		 * when its feedback did not report an objective the value is weighted on, and {@code sample} says it was scored
		 * as a sample, with the propensity its feedback gave.
		 */
		void add(Action ran, Action answered, @Nullable Boolean explored, double value, boolean sample) {
			decisions++;
			sampled += sample ? 1 : 0;
			int agrees = ran.equals(answered) ? 1 : 0;
			agreed += agrees;
			this.explored += Boolean.TRUE.equals(explored) ? 1 : 0;
			exploited += Boolean.FALSE.equals(explored) ? 1 : 0;
			agreedExploiting += Boolean.FALSE.equals(explored) ? agrees : 0;
			total.add(value);
			Counts ranOn = counts(ran);
			if (ranOn != null) {
				ranOn.ran++;
				ranOn.value.add(value);
			}
			Counts answeredWith = counts(answered);
			if (answeredWith != null) {
				answeredWith.answered++;
				answeredWith.exploited += Boolean.FALSE.equals(explored) ? 1 : 0;
			}
		}

		private @Nullable Counts counts(Action action) {
			Counts counts = candidates.get(action);
			if (counts == null && candidates.size() < FOLLOWED) {
				counts = new Counts();
				candidates.put(action, counts);
			}
			return counts;
		}

		/**
		 * What was added, or null when none was; a value's interval is the whole range below
		 * {@value Intervals#MIN_SUPPORTED_SAMPLES} scored decisions, as an evaluation's estimates are.
		 */
		@Nullable ShadowDecisions summary() {
			if (decisions == 0) {
				return null;
			}
			Comparator<Map.Entry<Action, Counts>> byName = Comparator.<Map.Entry<Action, Counts>, String>comparing(
					e -> e.getKey().provider()).thenComparing(e -> e.getKey().sku());
			List<ShadowCandidate> shown = candidates.entrySet().stream()
				.sorted(Comparator.<Map.Entry<Action, Counts>>comparingInt(e -> -(e.getValue().ran + e.getValue().answered))
					.thenComparing(byName))
				.limit(SHOWN)
				.sorted(Comparator.<Map.Entry<Action, Counts>>comparingInt(e -> -e.getValue().ran)
					.thenComparingInt(e -> -e.getValue().answered).thenComparing(byName))
				.map(e -> new ShadowCandidate(e.getKey().provider(), e.getKey().sku(), e.getValue().ran, e.getValue().answered,
						e.getValue().exploited, e.getValue().value.estimate()))
				.toList();
			return new ShadowDecisions(decisions, agreed, explored, exploited, agreedExploiting, total.count(), sampled,
					total.estimate(), shown);
		}

	}

	/** One candidate's counts. */
	private static final class Counts {

		private final RunningMean value = new RunningMean();

		private int ran;

		private int answered;

		private int exploited;

	}

}
