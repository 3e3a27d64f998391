package io.aurora.intelligence.strategist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

	/**
	 * {@code map}'s action, refused when {@code seen} already holds it: an export lists each candidate once
	 * in {@code key}, and a second entry would silently replace the first.
	 */
	static Action action(Map<String, Object> map, Set<Action> seen, String key) {
		Action action = action(map);
		if (!seen.add(action)) {
			throw new IllegalArgumentException("model state lists provider '" + action.provider() + "' sku '"
					+ action.sku() + "' twice in '" + key + "'");
		}
		return action;
	}

	static Number number(Map<String, Object> map, String key) {
		if (!(map.get(key) instanceof Number n)) {
			throw new IllegalArgumentException("model state needs a number '" + key + "'");
		}
		return n;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Map<String, Object> map, String key) {
		if (!(map.get(key) instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof Map))) {
			throw new IllegalArgumentException("model state needs a list of objects '" + key + "'");
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

	/** A transition as plain values, for the replay buffer in exports. */
	static Map<String, Object> transition(Transition t) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("features", features(t.features()));
		map.put("index", t.actionIndex());
		map.put("action", action(t.action(), Map.of()));
		map.put("reward", t.reward());
		map.put("next", features(t.next()));
		map.put("actions", t.actions().stream().map(a -> action(a, Map.of())).toList());
		map.put("objectives", t.objectives());
		return map;
	}

	static Transition transition(Map<String, Object> map) {
		List<Action> actions = list(map, "actions").stream().map(StateCodec::action).toList();
		Map<String, Double> objectives = new LinkedHashMap<>();
		if (map.get("objectives") instanceof Map<?, ?> values) {
			values.forEach((k, v) -> objectives.put(String.valueOf(k), finite(Map.of("v", v), "v")));
		}
		return new Transition(features(map(map, "features")), number(map, "index").intValue(), action(map(map, "action")),
				reward(map, "reward"), features(map(map, "next")), actions, objectives);
	}

	private static Map<String, Object> features(Features f) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("region", f.region());
		map.put("cpu", f.cpu());
		map.put("memory_gb", f.memoryGb());
		map.put("latency_ms", f.latencyMs());
		map.put("coherence", f.coherence());
		map.put("density", f.density());
		return map;
	}

	private static Features features(Map<String, Object> map) {
		return new Features(String.valueOf(map.get("region")), finite(map, "cpu"), finite(map, "memory_gb"),
				finite(map, "latency_ms"), finite(map, "coherence"), finite(map, "density"));
	}

	/** The most a learned value may be in magnitude: far from overflow, far beyond any reward. */
	static final double MAX_VALUE = 1e12;

	/** A finite number of magnitude at most {@link #MAX_VALUE}, as learned values are. */
	static double value(Map<String, Object> map, String key) {
		double value = finite(map, key);
		if (Math.abs(value) > MAX_VALUE) {
			throw new IllegalArgumentException("model state has '" + key + "' beyond ±" + MAX_VALUE);
		}
		return value;
	}

	/** A learned mean of rewards, which lie in [-1, 1] as the Auditor clamps them. */
	static double reward(Map<String, Object> map, String key) {
		return bounded(map, key, 1);
	}

	/** A finite number of magnitude at most {@code bound}, give or take rounding. */
	static double bounded(Map<String, Object> map, String key, double bound) {
		double value = finite(map, key);
		if (Math.abs(value) > bound * (1 + 1e-9)) {
			throw new IllegalArgumentException("model state has '" + key + "' beyond ±" + bound + ", which learning cannot reach");
		}
		return value;
	}

	/** The longest state key a tabular policy learns: a region of at most 64 characters and the context's levels. */
	static final int MAX_STATE_LENGTH = 256;

	/**
	 * A tabular row's state key, not in {@code seen}: a non-blank string of at most {@link #MAX_STATE_LENGTH} characters. Control
	 * characters pass: traces stored before regions were held to printable ones still replay into such keys.
	 */
	static String state(Map<String, Object> row, Set<String> seen) {
		if (!(row.get("state") instanceof String key) || key.isBlank() || key.length() > MAX_STATE_LENGTH) {
			throw new IllegalArgumentException("model state needs each row's 'state' to be a non-blank string of at most "
					+ MAX_STATE_LENGTH + " characters");
		}
		if (!seen.add(key)) {
			// An export has one row a state; a second would silently replace the first.
			throw new IllegalArgumentException("model state lists the state '" + key + "' in two rows");
		}
		return key;
	}

	/** {@code list} as strings, every element one. */
	static List<String> strings(List<?> list, String key) {
		if (list.stream().anyMatch(e -> !(e instanceof String))) {
			throw new IllegalArgumentException("model state needs a list of strings '" + key + "'");
		}
		return list.stream().map(String.class::cast).toList();
	}

	/** The largest count a model state may hold: far beyond any real one, and far from overflowing when counted on. */
	static final long MAX_COUNT = 1L << 50;

	/** A whole number from {@code min} to {@link #MAX_COUNT}, as counts are. */
	static long count(Map<String, Object> map, String key, long min) {
		Number n = number(map, key);
		double value = n.doubleValue();
		if (value != Math.rint(value) || value < min || value > MAX_COUNT) {
			throw new IllegalArgumentException("model state needs a whole number from " + min + " to " + MAX_COUNT
					+ " in '" + key + "'");
		}
		return n.longValue();
	}

	static double finite(Map<String, Object> map, String key) {
		double value = number(map, key).doubleValue();
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException("model state has a non-finite '" + key + "'");
		}
		return value;
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
			if (!(list.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
				throw new IllegalArgumentException("model state has a non-finite number in '" + key + "'");
			}
			target[i] = n.doubleValue();
		}
	}

}
