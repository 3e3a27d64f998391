package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Limits on the free-form parts of a request ({@code context}, candidate {@code metadata}), which
 * are stored in every trace: at most {@value #MAX_DEPTH} levels of nesting, {@value #MAX_ENTRIES}
 * keys or elements per object or array, keys of at most {@value #MAX_KEY_LENGTH} characters and
 * strings of at most {@value #MAX_STRING_LENGTH}, no unpaired surrogate in a string (Jackson refuses one in a
 * key), and numbers a double can hold (JSON allows 1e400,
 * which would be stored and echoed as infinity). A breach is a 400 naming the JSON path.
 */
final class JsonLimits {

	static final int MAX_DEPTH = 4;

	static final int MAX_ENTRIES = 64;

	static final int MAX_KEY_LENGTH = 128;

	static final int MAX_STRING_LENGTH = 1024;

	private JsonLimits() {
	}

	/**
	 * The list cut to its first {@code max + 1} elements when it is longer: still over its {@code @Size}
	 * limit, so validation answers the same 400, but validating each element costs at most that many
	 * checks however long the list was (a 1 MiB body of nulls is 200,000 of them).
	 */
	static <T> @Nullable List<T> boundedForValidation(@Nullable List<T> list, int max) {
		return list == null || list.size() <= max + 1 ? list
				: Collections.unmodifiableList(new ArrayList<>(list.subList(0, max + 1)));
	}

	/** Checks a value found at {@code path}, throwing {@link InvalidRequestException} on the first breach. */
	static void check(String path, @Nullable Object value) {
		check(path, value, 1);
	}

	private static void check(String path, @Nullable Object value, int depth) {
		if (value instanceof Map<?, ?> map) {
			requireDepth(path, depth);
			if (map.size() > MAX_ENTRIES) {
				throw new InvalidRequestException(path, "at most " + MAX_ENTRIES + " keys");
			}
			for (Map.Entry<?, ?> e : map.entrySet()) {
				String key = String.valueOf(e.getKey());
				if (key.length() > MAX_KEY_LENGTH) {
					throw new InvalidRequestException(path, "keys must be at most " + MAX_KEY_LENGTH + " characters");
				}
				check(path + "." + key, e.getValue(), depth + 1);
			}
		}
		else if (value instanceof List<?> list) {
			requireDepth(path, depth);
			if (list.size() > MAX_ENTRIES) {
				throw new InvalidRequestException(path, "at most " + MAX_ENTRIES + " elements");
			}
			for (int i = 0; i < list.size(); i++) {
				check(path + "[" + i + "]", list.get(i), depth + 1);
			}
		}
		else if (value instanceof String s && s.length() > MAX_STRING_LENGTH) {
			throw new InvalidRequestException(path, "strings must be at most " + MAX_STRING_LENGTH + " characters");
		}
		else if (value instanceof String s && unpaired(s)) {
			throw new InvalidRequestException(path, "must not contain unpaired surrogates, which are not text");
		}
		else if (value instanceof Number n && !Double.isFinite(n.doubleValue())) {
			// A Double from 1e400, or a BigInteger from a whole number of over 309 digits.
			throw new InvalidRequestException(path, "is beyond the range of a number (about ±1.8e308)");
		}
	}

	/**
	 * Whether {@code text} has a surrogate without its pair: not text at all, which SQLite stores as '?', so a
	 * replay or an export would give back another value than the one acknowledged.
	 */
	static boolean unpaired(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private static void requireDepth(String path, int depth) {
		if (depth > MAX_DEPTH) {
			throw new InvalidRequestException(path, "nested deeper than " + MAX_DEPTH + " levels");
		}
	}

}
