package io.aurora.intelligence.strategist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objectives a caller can weigh: {@code latency} (the reward's latency score), {@code cost} (its
 * cost score) and {@code reliability} (SLO hits and failures, in the reward's 2:1 proportion). The
 * seed's reward weighs them 0.4 / 0.3 / 0.3.
 */
public final class Objectives {

	/** The objective names, in a stable order. */
	public static final List<String> NAMES = List.of("latency", "cost", "reliability");

	private Objectives() {
	}

	/**
	 * Validates and normalises weights so they sum to 1.
	 * @throws IllegalArgumentException naming the problem: an unknown objective, a negative or
	 * non-finite weight, or weights that are all zero
	 */
	public static Map<String, Double> normalise(Map<String, ? extends Number> weights) {
		double max = 0;
		for (Map.Entry<String, ? extends Number> w : weights.entrySet()) {
			if (!NAMES.contains(w.getKey())) {
				String key = w.getKey();
				String name = key.codePointCount(0, key.length()) > 64 ? key.substring(0, key.offsetByCodePoints(0, 64)) + "..." : key;
				throw new InvalidObjectiveException(name, "unknown objective '" + name + "'; use " + String.join(", ", NAMES));
			}
			if (w.getValue() == null) {
				// A null weight is as if it were left out, as every optional field of a request is.
				continue;
			}
			double value = w.getValue().doubleValue();
			if (!(value >= 0)) {
				throw new InvalidObjectiveException(w.getKey(), "the weight of '" + w.getKey() + "' must be a non-negative number");
			}
			if (!Double.isFinite(value)) {
				throw new InvalidObjectiveException(w.getKey(), "the weight of '" + w.getKey()
						+ "' is beyond the range of a number (about 1.8e308)");
			}
			max = Math.max(max, value);
		}
		if (!(max > 0)) {
			throw new IllegalArgumentException("at least one objective needs a positive weight");
		}
		double sum = 0;
		for (String name : NAMES) {
			Number w = weights.get(name);
			sum += w == null ? 0 : w.doubleValue();
		}
		double scale = Double.isFinite(sum) ? 1 : max;
		if (scale != 1) {
			sum = 0;
			for (String name : NAMES) {
				Number w = weights.get(name);
				sum += w == null ? 0 : w.doubleValue() / scale;
			}
		}
		Map<String, Double> normalised = new LinkedHashMap<>();
		for (String name : NAMES) {
			Number w = weights.get(name);
			if (w != null && w.doubleValue() > 0) {
				normalised.put(name, w.doubleValue() / scale / sum);
			}
		}
		return normalised;
	}

	/** Parses {@code latency=0.6,cost=0.2,reliability=0.2} (the {@code REWARD_WEIGHTS} format). */
	public static Map<String, Double> parse(String text) {
		Map<String, Double> weights = new LinkedHashMap<>();
		for (String part : text.split(",")) {
			String[] kv = part.split("=", 2);
			if (kv.length != 2) {
				throw new IllegalArgumentException("expected name=weight pairs separated by commas, got '" + part + "'");
			}
			double weight;
			try {
				weight = Double.parseDouble(kv[1].strip());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("'" + kv[1].strip() + "' is not a number");
			}
			if (weights.put(kv[0].strip(), weight) != null) {
				throw new IllegalArgumentException("'" + kv[0].strip() + "' is given twice; name each objective once");
			}
		}
		return normalise(weights);
	}

	/** A weight refused for the objective it names (an unknown one cut to 64 characters). */
	public static final class InvalidObjectiveException extends IllegalArgumentException {

		private final String objective;

		InvalidObjectiveException(String objective, String message) {
			super(message);
			this.objective = objective;
		}

		/** The objective the refused weight was given for, as the request named it. */
		public String objective() {
			return this.objective;
		}

	}

}
