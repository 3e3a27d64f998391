package io.aurora.intelligence.strategist;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads a request context into {@link Features}: region as given (default {@code global}), cpu (cores
 * or millicores such as {@code 500m}, default 4), memory ({@code memory_gb} or {@code mem}, GiB or a
 * Kubernetes quantity such as {@code 32Gi}, default 16) and the latency budget ({@code latency_ms},
 * default 100). Plain Java.
 */
public final class Featurizer {

	static final int MAX_REGION_LENGTH = 64;

	/** A plain decimal number: no hexadecimal, no Java suffixes such as {@code d} or {@code f}. */
	private static final String DECIMAL = "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?";

	/** A memory quantity: a decimal with an optional unit, as {@link #memoryQuantity} reads it. */
	private static final Pattern MEMORY = Pattern.compile(DECIMAL + "(?i:[kmgtp]i?b?)?");

	/** The forms a number given as a string may take, by field: cpu with millicores, memory with units. */
	private static final Map<String, Pattern> NUMBER_FORMS = Map.of("cpu", Pattern.compile(DECIMAL + "m?"),
			"memory_gb", MEMORY, "mem", MEMORY, "latency_ms", Pattern.compile(DECIMAL));

	/** The context keys features are read from; a stored trace must keep them to replay. */
	public static final Set<String> KEYS = Set.of("region", "cpu", "memory_gb", "mem", "latency_ms");

	private Featurizer() {
	}

	/**
	 * Reads the features of a request context seen with a Ψ reading; a region that is not {@link Action#printable}
	 * is refused here, for new requests only, so that traces stored before the rule still replay.
	 * @throws InvalidContextException when a known field has an unusable value
	 */
	public static Features features(Map<String, ?> context, double coherence, double density) {
		if (context.get("region") instanceof String s && !Action.printable(s)) {
			throw new InvalidContextException("region",
					"region must not contain control characters, invisible format characters, line separators or unpaired surrogates");
		}
		NUMBER_FORMS.forEach((field, form) -> {
			if (context.get(field) instanceof String s && !s.isBlank() && !form.matcher(s.strip()).matches()) {
				throw new InvalidContextException(field, field + " is not a number or quantity: '" + abbreviate(s) + "'");
			}
		});
		return read(context, coherence, density);
	}

	private static Features read(Map<String, ?> context, double coherence, double density) {
		String region = region(context.get("region"));
		double cpu = number("cpu", context.get("cpu"), 4, Featurizer::cpuQuantity);
		// A null memory_gb is left out, as every null field is, so mem still counts.
		String memField = context.get("memory_gb") != null ? "memory_gb" : "mem";
		double mem = number(memField, context.get(memField), 16, Featurizer::memoryQuantity);
		double latency = number("latency_ms", context.get("latency_ms"), 100, Double::parseDouble);
		return new Features(region, cpu, mem, latency, coherence, density);
	}

	/**
	 * The features of a stored (already accepted) context seen with a Ψ reading, without the checks that
	 * new requests get since, so that traces stored before them still replay and take feedback.
	 */
	public static Features ofStored(Map<String, ?> context, double coherence, double density) {
		return read(context, coherence, density);
	}

	/**
	 * The features a traced decision was made with: its stored context and the stored Ψ reading
	 * ({@code coherence} and {@code density}, neutral 0.5 when absent).
	 */
	public static Features fromTrace(Map<String, ?> context, Map<String, ?> psi) {
		return read(context, psiValue(psi.get("coherence")), psiValue(psi.get("density")));
	}

	private static double psiValue(@Nullable Object value) {
		return value instanceof Number n ? n.doubleValue() : 0.5;
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
		return region.isEmpty() ? "global" : region;
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
			throw new InvalidContextException(field, field + " must be a number, or one in a string (" + switch (field) {
				case "cpu" -> "4, \"4\" or \"500m\"";
				case "latency_ms" -> "200 or \"200\"";
				default -> "16, \"16\" or \"16Gi\"";
			} + ")");
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

	/** Memory in GiB from a plain number of GiB or a Kubernetes quantity such as {@code 32Gi} or {@code 512Mi}. */
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

}
