package io.aurora.intelligence.strategist;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The seed's featurisation: region as given (default {@code global}), cpu bucketed to
 * 2/4/8/16/32/64+, memory to 8/16/32/64/128/256+, the latency budget to {@code <50}, {@code 50-100},
 * {@code 100-200}, {@code 200+}, and Ψ coherence and density rounded to 0.1. Plain Java.
 */
public final class Featurizer {

	static final int MAX_REGION_LENGTH = 64;

	private static final double[] CPU_BOUNDS = { 2, 4, 8, 16, 32 };

	private static final String[] CPU_LABELS = { "2", "4", "8", "16", "32", "64+" };

	private static final double[] MEM_BOUNDS = { 8, 16, 32, 64, 128 };

	private static final String[] MEM_LABELS = { "8", "16", "32", "64", "128", "256+" };

	private static final double[] LATENCY_BOUNDS = { 50, 100, 200 };

	private static final String[] LATENCY_LABELS = { "<50", "50-100", "100-200", "200+" };

	private Featurizer() {
	}

	/**
	 * The state key for a request context and a Ψ reading, for example
	 * {@code us-west|cpu=8|mem=32|lat=50-100|c=0.7|d=0.8}.
	 * @throws InvalidContextException when a known field has an unusable value
	 */
	public static String stateKey(Map<String, ?> context, double coherence, double density) {
		return withPsi(contextKey(context), coherence, density);
	}

	/** Completes a {@link #contextKey} with Ψ coherence and density rounded to 0.1. */
	public static String withPsi(String contextKey, double coherence, double density) {
		return contextKey + "|c=" + tenths(coherence) + "|d=" + tenths(density);
	}

	/** The part of the state key that depends on the request context alone. */
	public static String contextKey(Map<String, ?> context) {
		String region = region(context.get("region"));
		double cpu = number("cpu", context.get("cpu"), 4, Featurizer::cpuQuantity);
		Object memValue = context.containsKey("memory_gb") ? context.get("memory_gb") : context.get("mem");
		String memField = context.containsKey("memory_gb") ? "memory_gb" : "mem";
		double mem = number(memField, memValue, 16, Featurizer::memoryQuantity);
		double latency = number("latency_ms", context.get("latency_ms"), 100, Double::parseDouble);
		return region + "|cpu=" + bucket(cpu, CPU_BOUNDS, CPU_LABELS) + "|mem=" + bucket(mem, MEM_BOUNDS, MEM_LABELS)
				+ "|lat=" + bucketBelow(latency, LATENCY_BOUNDS, LATENCY_LABELS);
	}

	static String tenths(double value) {
		return Double.toString(Math.round(value * 10) / 10.0);
	}

	private static String region(@Nullable Object value) {
		if (value == null) {
			return "global";
		}
		if (!(value instanceof String s)) {
			throw new InvalidContextException("region", "region must be a string");
		}
		String region = s.strip();
		if (region.length() > MAX_REGION_LENGTH) {
			throw new InvalidContextException("region", "region must be at most " + MAX_REGION_LENGTH + " characters");
		}
		return region.isEmpty() ? "global" : region.replace('|', '_');
	}

	private interface Parser {

		double parse(String text);

	}

	private static double number(String field, @Nullable Object value, double fallback, Parser parser) {
		if (value == null) {
			return fallback;
		}
		double result;
		if (value instanceof Number n) {
			result = n.doubleValue();
		}
		else if (value instanceof String s && !s.isBlank()) {
			try {
				result = parser.parse(s.strip());
			}
			catch (NumberFormatException ex) {
				throw new InvalidContextException(field, field + " is not a number or quantity: '" + abbreviate(s) + "'");
			}
		}
		else {
			throw new InvalidContextException(field, field + " must be a number");
		}
		if (!Double.isFinite(result) || result < 0) {
			throw new InvalidContextException(field, field + " must be a finite, non-negative number");
		}
		return result;
	}

	private static String abbreviate(String s) {
		return s.length() <= 32 ? s : s.substring(0, 32) + "…";
	}

	/** Kubernetes cpu quantities: {@code 8}, {@code 1.5} or millicores such as {@code 500m}. */
	static double cpuQuantity(String text) {
		if (text.endsWith("m")) {
			return Double.parseDouble(text.substring(0, text.length() - 1)) / 1000;
		}
		return Double.parseDouble(text);
	}

	/** Memory in GiB from a plain number of GB or a Kubernetes quantity such as {@code 32Gi} or {@code 512Mi}. */
	static double memoryQuantity(String text) {
		String t = text.toLowerCase(Locale.ROOT);
		if (t.endsWith("b")) {
			t = t.substring(0, t.length() - 1);
		}
		String[] binary = { "ki", "mi", "gi", "ti", "pi" };
		for (int i = 0; i < binary.length; i++) {
			if (t.endsWith(binary[i])) {
				return Double.parseDouble(t.substring(0, t.length() - 2)) * Math.pow(1024, i + 1) / Math.pow(1024, 3);
			}
		}
		String decimal = "kmgtp";
		char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
		int power = decimal.indexOf(last);
		if (power >= 0) {
			return Double.parseDouble(t.substring(0, t.length() - 1)) * Math.pow(1000, power + 1) / Math.pow(1024, 3);
		}
		return Double.parseDouble(t);
	}

	private static String bucket(double value, double[] bounds, String[] labels) {
		for (int i = 0; i < bounds.length; i++) {
			if (value <= bounds[i]) {
				return labels[i];
			}
		}
		return labels[bounds.length];
	}

	private static String bucketBelow(double value, double[] bounds, String[] labels) {
		for (int i = 0; i < bounds.length; i++) {
			if (value < bounds[i]) {
				return labels[i];
			}
		}
		return labels[bounds.length];
	}

}
