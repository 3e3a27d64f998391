package io.aurora.intelligence.store;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** How a store failure is written in a log line: the failure and its causes, on one line. */
public final class StoreFailures {

	private StoreFailures() {
	}

	/** The failure and its causes, each once, as {@code Type: message; caused by Type: message}, at most 1,000 characters. */
	public static String causes(Throwable ex) {
		StringBuilder text = new StringBuilder();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
			// Spring's messages carry the statement's SQL, text blocks included: one line, all the same.
			String line = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().strip().replaceAll("\\s+", " "));
			if (text.indexOf(line) < 0) {
				text.append(text.isEmpty() ? "" : "; caused by ").append(line);
			}
		}
		return text.length() <= 1000 ? text.toString() : text.substring(0, 1000) + "…";
	}

}
