package io.aurora.intelligence.strategist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the plain-value form of learned state that policies export and import. */
final class StateCodec {

	private StateCodec() {
	}

	/** An action's identity merged with its values. */
	static Map<String, Object> action(Action action, Map<String, Object> values) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("provider", action.provider());
		map.put("sku", action.sku());
		map.putAll(values);
		return map;
	}

	static Action action(Map<String, Object> map) {
		return new Action(String.valueOf(map.get("provider")), String.valueOf(map.get("sku")));
	}

	static Number number(Map<String, Object> map, String key) {
		if (!(map.get(key) instanceof Number n)) {
			throw new IllegalArgumentException("model state needs a number '" + key + "'");
		}
		return n;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Map<String, Object> map, String key) {
		if (!(map.get(key) instanceof List<?> list)) {
			throw new IllegalArgumentException("model state needs a list '" + key + "'");
		}
		return (List<Map<String, Object>>) list;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> map, String key) {
		if (!(map.get(key) instanceof Map<?, ?> inner)) {
			throw new IllegalArgumentException("model state needs an object '" + key + "'");
		}
		return (Map<String, Object>) inner;
	}

	/** Copies a list of numbers into {@code target}, which it must match in length. */
	static void doubles(Map<String, Object> map, String key, double[] target) {
		Object value = map.get(key);
		if (value instanceof double[] array && array.length == target.length) {
			System.arraycopy(array, 0, target, 0, target.length);
			return;
		}
		if (!(value instanceof List<?> list) || list.size() != target.length) {
			throw new IllegalArgumentException("model state needs " + target.length + " numbers in '" + key + "'");
		}
		for (int i = 0; i < target.length; i++) {
			target[i] = ((Number) list.get(i)).doubleValue();
		}
	}

}
