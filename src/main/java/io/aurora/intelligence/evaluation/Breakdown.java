package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aurora.intelligence.strategist.Policy;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation's estimates broken down by the value of one context entry (such as each region), every part scored by
 * the same fitted target and reward models as the whole, so that a part is exactly what a segment of that value gives.
 *
 * @param name the context entry the decisions are grouped by
 * @param parts the values with the most samples, at most {@value #SHOWN}, the most samples first
 * @param leftOut how many other values the samples held: beyond the {@value #SHOWN} listed, or with fewer than two
 *        samples
 */
public record Breakdown(String name, List<BreakdownPart> parts, @JsonProperty("left_out") int leftOut) {

	/** The most values listed. */
	public static final int SHOWN = 16;

	/**
	 * The evaluation of the samples whose entry held one value.
	 *
	 * @param value the entry's value: a string, a number, a boolean, or null for the decisions without it (or with a
	 *        list, an object or a string over 256 characters there)
	 * @param samples the samples scored
	 * @param estimates IPS, SNIPS and DR, as the whole evaluation's
	 * @param supported whether these samples support the target
	 * @param versus the comparison with the baseline on them, when one was asked for and they allowed it
	 * @param logged what the service's own choices among them earned, as the whole evaluation's {@code logged}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record BreakdownPart(@Schema(description = "A string, a number, a boolean, or null for the decisions without "
			+ "the entry (or with a list, an object or a string over 256 characters there)")
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Object value, int samples,
			List<OffPolicyEvaluator.Estimate> estimates, boolean supported, OffPolicyEvaluator.@Nullable Versus versus,
			OffPolicyEvaluator.@Nullable Estimate logged) {
	}

	/** What a part is compared with: nothing, a fixed baseline's targets, the caller's rules or the logged policy. */
	interface Baseline {

		OffPolicyEvaluator.@Nullable Versus compare(List<LoggedDecision> log, int[] fold, Evaluation evaluated);

	}

	/**
	 * Scores each value's samples of {@code log} (whose {@code values} are parallel to it, with the folds of
	 * {@code fold}) with {@code targets} and {@code models}, and compares them by {@code baseline}.
	 */
	static Breakdown of(String name, List<LoggedDecision> log, List<@Nullable Object> values, int[] fold,
			TargetPolicy[] targets, Policy[] models, Baseline baseline) {
		Map<@Nullable Object, List<Integer>> byValue = new LinkedHashMap<>();
		for (int i = 0; i < log.size(); i++) {
			byValue.computeIfAbsent(values.get(i), v -> new ArrayList<>()).add(i);
		}
		List<Map.Entry<@Nullable Object, List<Integer>>> largest = byValue.entrySet().stream()
			.filter(e -> e.getValue().size() >= 2)
			.sorted(Comparator.<Map.Entry<@Nullable Object, List<Integer>>>comparingInt(e -> -e.getValue().size())
				.thenComparing(e -> String.valueOf(e.getKey())))
			.limit(SHOWN)
			.toList();
		List<BreakdownPart> parts = new ArrayList<>(largest.size());
		for (Map.Entry<@Nullable Object, List<Integer>> part : largest) {
			List<Integer> at = part.getValue();
			List<LoggedDecision> samples = new ArrayList<>(at.size());
			int[] folds = new int[at.size()];
			for (int j = 0; j < at.size(); j++) {
				samples.add(log.get(at.get(j)));
				folds[j] = fold[at.get(j)];
			}
			Evaluation evaluated = OffPolicyEvaluator.evaluate(samples, targets, folds, models);
			parts.add(new BreakdownPart(printable(part.getKey()), samples.size(), evaluated.estimates(), evaluated.supported(),
					baseline.compare(samples, folds, evaluated), PairedComparison.loggedValue(samples)));
		}
		return new Breakdown(name, parts, byValue.size() - parts.size());
	}

	/** Each decision's value of the entry a breakdown groups by, one copy of each distinct value kept. */
	static final class Values {

		/** A sample's slot in the values, and its boxed index and slot in its part's list. */
		private static final long PER_SAMPLE = 32;

		/** A distinct value's map entries here and in its part, and its part's list. */
		private static final long PER_VALUE = 256;

		private final List<@Nullable Object> values = new ArrayList<>();

		private final Map<Object, Object> distinct = new HashMap<>();

		/**
		 * About how many bytes of heap adding {@code value} next would take, with its part's share when
		 * {@link Breakdown#of} groups the samples: a boxed index in the part's list for each, and the list and its map
		 * entry for each distinct value.
		 */
		long cost(@Nullable Object value) {
			boolean fresh = value != null && !distinct.containsKey(value);
			return PER_SAMPLE + (fresh ? PER_VALUE + (value instanceof String text ? 2L * text.length() : 0) : 0);
		}

		/** Adds the next decision's value, keeping one copy of each distinct value. */
		void add(@Nullable Object value) {
			Object copy = value == null ? null : distinct.putIfAbsent(value, value);
			values.add(copy == null ? value : copy);
		}

		/** The values added, in order. */
		List<@Nullable Object> list() {
			return values;
		}

	}

	/** A number as JSON would write it: a whole one without a fraction. */
	private static @Nullable Object printable(@Nullable Object value) {
		return value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d.doubleValue() : value;
	}

}
