package io.aurora.intelligence.executor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.strategist.Featurizer;
import org.jspecify.annotations.Nullable;

/**
 * What a trace keeps of a decision's free-form JSON (the candidates' {@code metadata} and the
 * context): all of it up to {@link #MAX_BYTES}, so that a request near the 1 MiB body limit cannot store
 * hundreds of times what a decision normally does. Beyond it the trace keeps what learning and evaluation read back:
 * every candidate's names, the context's features and its other scalar entries of at most
 * {@value #MAX_KEPT_CHARS} characters, and the chosen candidate's metadata if it fits alone; each candidate whose
 * metadata it dropped says so. Sizes are counted in characters.
 */
final class TraceDetail {

	/** The most free-form JSON, in characters as written (about bytes), that a trace keeps in full. */
	static final int MAX_BYTES = 64 * 1024;

	/**
	 * The longest string a cut trace keeps of the context's entries other than its features (which it keeps whole): as
	 * long as an evaluation's segment may name.
	 */
	static final int MAX_KEPT_CHARS = 256;

	/** The field marking a stored candidate whose metadata was left out. */
	static final String DROPPED = "metadata_dropped";

	private TraceDetail() {
	}

	/**
	 * The candidates and context to store for a decision whose choice is {@code chosen}.
	 *
	 * @param cut whether anything was left out
	 */
	record Stored(List<Map<String, Object>> candidates, Map<String, Object> context, boolean cut) {
	}

	/** Returns the request's own lists when they fit, else their bounded copies. */
	static Stored of(List<Map<String, Object>> candidates, Map<String, Object> context, int chosen) {
		long size = size(context);
		for (Map<String, Object> candidate : candidates) {
			size += size(candidate.get("metadata"));
			if (size > MAX_BYTES) {
				break;
			}
		}
		if (size <= MAX_BYTES) {
			return new Stored(candidates, context, false);
		}
		Map<String, Object> entries = new LinkedHashMap<>();
		context.forEach((key, value) -> {
			// A feature's string is kept whatever its length (at most 1,024, as every context string), so replay reads it.
			if (value == null || value instanceof Number || value instanceof Boolean
					|| value instanceof String s && (s.length() <= MAX_KEPT_CHARS || Featurizer.KEYS.contains(key))) {
				entries.put(key, value);
			}
		});
		List<Map<String, Object>> names = new ArrayList<>(candidates.size());
		for (int i = 0; i < candidates.size(); i++) {
			Map<String, Object> candidate = candidates.get(i);
			Object metadata = candidate.get("metadata");
			Map<String, Object> kept = new LinkedHashMap<>();
			kept.put("provider", candidate.get("provider"));
			kept.put("sku", candidate.get("sku"));
			if (metadata != null && i == chosen && size(metadata) <= MAX_BYTES) {
				kept.put("metadata", metadata);
			}
			else if (metadata != null) {
				kept.put(DROPPED, true);
			}
			names.add(kept);
		}
		return new Stored(names, entries, true);
	}

	/**
	 * About how many characters the value takes as JSON: strings and names by length, numbers of a
	 * fixed width at most 25, and integers beyond a long's range (which Jackson keeps) by their digits.
	 */
	static long size(@Nullable Object value) {
		if (value instanceof String s) {
			return s.length() + 3L;
		}
		if (value instanceof Map<?, ?> map) {
			long size = 2;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += String.valueOf(entry.getKey()).length() + 4L + size(entry.getValue());
			}
			return size;
		}
		if (value instanceof List<?> list) {
			long size = 2;
			for (Object element : list) {
				size += 1 + size(element);
			}
			return size;
		}
		if (value instanceof BigInteger || value instanceof BigDecimal) {
			return value.toString().length() + 1L;
		}
		return value == null ? 5 : 25;
	}

}
