package io.aurora.intelligence.strategist;

import java.util.Objects;

/**
 * An action the policy can take: placing the task on one provider's SKU. Actions are identified by
 * provider and sku, never by their position in a request, so learning survives reordering.
 */
public record Action(String provider, String sku) {

	/** Creates an action, rejecting null parts. */
	public Action {
		Objects.requireNonNull(provider, "provider");
		Objects.requireNonNull(sku, "sku");
	}

	/** A readable identity such as {@code akash/A8}, used in explanations and logs. */
	@Override
	public String toString() {
		return provider + "/" + sku;
	}

}
