package io.aurora.intelligence.evaluation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.InvalidContextException;
import org.jspecify.annotations.Nullable;

/**
 * The decisions an evaluation scores: those whose context held every entry of the segment, such as one region. An
 * entry named after a feature the model reads ({@code region}, {@code cpu}, {@code memory_gb} or {@code mem},
 * {@code latency_ms}) matches the value the model read, defaults included, so {@code "cpu": 8} matches a decision
 * sent {@code "8"} or {@code "8000m"}; any other matches an equal scalar: a string the same string, a number also a
 * string holding the same number, {@code true} or {@code false} also that string. Plain Java.
 */
public final class Segment {

	/** The segment of every decision. */
	public static final Segment ALL = new Segment(Map.of(), Map.of(), Map.of());

	/** The most entries a segment may have. */
	public static final int MAX_ENTRIES = 8;

	/** The longest entry name, as decisions' context allows. */
	public static final int MAX_NAME = 128;

	/** The longest string entry: a trace keeps every context string up to this length, even when it cuts the rest. */
	public static final int MAX_TEXT = 256;

	private final Map<String, Object> entries;

	private final Map<String, Object> features;

	private final Map<String, Wanted> others;

	private Segment(Map<String, Object> entries, Map<String, Object> features, Map<String, Wanted> others) {
		this.entries = entries;
		this.features = features;
		this.others = others;
	}

	/**
	 * The segment of the decisions whose context held every one of {@code entries}: strings of at most
	 * {@value #MAX_TEXT} characters, finite numbers or booleans, under names of 1 to {@value #MAX_NAME} characters.
	 * @throws InvalidFieldException naming the first entry that is none of those, or a feature's value the model could
	 * not read
	 */
	public static Segment of(Map<String, ? extends @Nullable Object> entries) {
		if (entries.isEmpty()) {
			return ALL;
		}
		if (entries.size() > MAX_ENTRIES) {
			throw new InvalidFieldException("context", "at most " + MAX_ENTRIES + " entries");
		}
		Map<String, Object> asked = new LinkedHashMap<>();
		Map<String, Object> features = new LinkedHashMap<>();
		Map<String, Wanted> others = new LinkedHashMap<>();
		entries.forEach((name, value) -> {
			if (name.isEmpty() || name.length() > MAX_NAME) {
				throw new InvalidFieldException("context", "a context name must have 1 to " + MAX_NAME + " characters");
			}
			String field = "context." + name;
			boolean scalar = value instanceof String text && text.length() <= MAX_TEXT
					|| value instanceof Number number && Double.isFinite(number.doubleValue()) || value instanceof Boolean;
			if (!scalar) {
				throw new InvalidFieldException(field, "must be a string of at most " + MAX_TEXT
						+ " characters, a number or true/false, as the decisions' context held it");
			}
			asked.put(name, value);
			if (Featurizer.KEYS.contains(name)) {
				try {
					features.put(name, feature(Featurizer.features(Map.of(name, value), 0.5, 0.5), name));
				}
				catch (InvalidContextException ex) {
					throw new InvalidFieldException(field, ex.getMessage());
				}
			}
			else {
				others.put(name, Wanted.of(value));
			}
		});
		return new Segment(Collections.unmodifiableMap(asked), features, others);
	}

	/** Whether this is the segment of every decision. */
	public boolean isEmpty() {
		return entries.isEmpty();
	}

	/** The entries as asked for, in their order. */
	public Map<String, Object> entries() {
		return entries;
	}

	/** Whether a decision's stored {@code context} holds every entry; one the model cannot read matches no feature entry. */
	boolean contains(Map<String, Object> context) {
		for (Map.Entry<String, Wanted> entry : others.entrySet()) {
			if (!entry.getValue().matches(context.get(entry.getKey()))) {
				return false;
			}
		}
		if (features.isEmpty()) {
			return true;
		}
		Features read;
		try {
			read = Featurizer.ofStored(context, 0.5, 0.5);
		}
		catch (InvalidContextException ex) {
			return false;
		}
		for (Map.Entry<String, Object> entry : features.entrySet()) {
			if (!entry.getValue().equals(feature(read, entry.getKey()))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The value a decision's {@code context} gives entry {@code name}, to group decisions by as a segment would match
	 * them: a feature's as the model read it; a number, or a string holding a plain decimal, as a double; {@code true} or
	 * {@code false}, or that string, as a boolean; another string of at most {@value #MAX_TEXT} characters as stored;
	 * null when the context has none (or none the model could read), or holds a list, an object or a longer string there.
	 */
	static @Nullable Object groupValue(String name, Map<String, Object> context) {
		if (Featurizer.KEYS.contains(name)) {
			try {
				return feature(Featurizer.ofStored(context, 0.5, 0.5), name);
			}
			catch (InvalidContextException ex) {
				return null;
			}
		}
		Object value = context.get(name);
		if (value instanceof String text && ("true".equals(text) || "false".equals(text))) {
			return Boolean.valueOf(text);
		}
		BigDecimal exact = value instanceof Number || value instanceof String ? exactValue(value) : null;
		if (value instanceof Double || value instanceof Float || exact != null) {
			double d = (exact == null ? ((Number) value).doubleValue() : exact.doubleValue()) + 0.0;
			return Double.isFinite(d) ? d : null;
		}
		return value instanceof String text && text.length() <= MAX_TEXT || value instanceof Boolean ? value : null;
	}

	private static Object feature(Features features, String name) {
		// Adding 0.0 makes -0.0 the 0 it is as a quantity.
		return switch (name) {
			case "region" -> features.region();
			case "cpu" -> features.cpu() + 0.0;
			case "latency_ms" -> features.latencyMs() + 0.0;
			default -> features.memoryGb() + 0.0;
		};
	}

	/** Numbers as a string may hold one: plain ASCII decimals, with an exponent. */
	private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

	/** The largest scale a number is compared exactly at; beyond it, a string holding one is compared as a string. */
	private static final int MAX_SCALE = 1000;

	/**
	 * A segment's entry other than a feature, with the forms it is compared in: {@code exact} for an integer, a decimal
	 * or a string holding a number, compared with another of those; {@code binary} with a floating-point number.
	 */
	private record Wanted(Object raw, @Nullable BigDecimal exact, double binary) {

		static Wanted of(Object value) {
			BigDecimal exact = exactValue(value);
			return new Wanted(value, exact, floating(value) ? ((Number) value).doubleValue()
					: exact == null ? Double.NaN : exact.doubleValue());
		}

		/**
		 * Whether a stored value equals this one: two strings exactly; a boolean also the string {@code true} or
		 * {@code false}; numbers, and strings holding one, by value, as floating point where either is one.
		 */
		boolean matches(@Nullable Object have) {
			if (have == null) {
				return false;
			}
			if (raw instanceof String s && have instanceof String h) {
				return s.equals(h);
			}
			if (raw instanceof Boolean || have instanceof Boolean) {
				return !(raw instanceof Number) && !(have instanceof Number) && raw.toString().equals(have.toString());
			}
			if (floating(raw) || floating(have)) {
				BigDecimal value = exactValue(have);
				double number = floating(have) ? ((Number) have).doubleValue() : value == null ? Double.NaN : value.doubleValue();
				return number == binary;
			}
			BigDecimal value = exactValue(have);
			return exact != null && value != null && exact.compareTo(value) == 0;
		}

	}

	private static boolean floating(Object value) {
		return value instanceof Double || value instanceof Float;
	}

	/**
	 * The exact value of an integer, a decimal or a string holding a plain decimal number; null for anything else, a
	 * floating-point number among them, or a scale beyond {@value #MAX_SCALE}.
	 */
	private static @Nullable BigDecimal exactValue(Object value) {
		BigDecimal number;
		if (value instanceof BigDecimal d) {
			number = d;
		}
		else if (value instanceof BigInteger i) {
			number = new BigDecimal(i);
		}
		else if (value instanceof Number n && !floating(value)) {
			number = BigDecimal.valueOf(n.longValue());
		}
		else if (value instanceof String text && DECIMAL.matcher(text.strip()).matches()) {
			try {
				number = new BigDecimal(text.strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		else {
			return null;
		}
		return Math.abs((long) number.scale()) > MAX_SCALE ? null : number;
	}

	/** Segments are equal when their entries are, as asked for. */
	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Segment segment && entries.equals(segment.entries);
	}

	@Override
	public int hashCode() {
		return entries.hashCode();
	}

	/** The entries as JSON, such as {@code {"region": "us-west", "cpu": 8}}. */
	@Override
	public String toString() {
		StringJoiner json = new StringJoiner(", ", "{", "}");
		entries.forEach((name, value) -> json.add(quoted(name) + ": " + (value instanceof String s ? quoted(s) : value)));
		return json.toString();
	}

	private static String quoted(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

}
