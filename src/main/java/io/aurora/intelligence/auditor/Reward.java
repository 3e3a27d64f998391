package io.aurora.intelligence.auditor;

import java.util.Map;

/**
 * A reward and how it came about.
 *
 * @param total the reward in [-1, 1]
 * @param components the scored parts, as the seed reports them
 * @param explanation a sentence for people
 */
public record Reward(double total, Map<String, Object> components, String explanation) {

	/** Copies the components. */
	public Reward {
		components = Map.copyOf(components);
	}

}
