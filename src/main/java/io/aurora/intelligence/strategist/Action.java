package io.aurora.intelligence.strategist;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An action the policy can take: placing the task on one provider's SKU. Actions are identified by
 * provider and sku, never by their position in a request, so learning survives reordering.
 */
public record Action(String provider, String sku) {

	/** The longest provider or sku a decision's candidate may name, and so a model may learn. */
	public static final int MAX_NAME = 256;

	private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]");

	/** Creates an action, rejecting null parts. */
	public Action {
		Objects.requireNonNull(provider, "provider");
		Objects.requireNonNull(sku, "sku");
	}

	/**
	 * Whether {@code text} holds no control character, which PostgreSQL refuses (U+0000) and no identifier
	 * needs, no invisible format character (such as U+202E, which reverses how the rest of a name is shown in
	 * a dashboard or an export) or line separator, and no unpaired surrogate, which is not text at all: the
	 * rule for every name and id stored.
	 */
	public static boolean printable(CharSequence text) {
		return !UNPRINTABLE.matcher(text).find();
	}

	/**
	 * Whether a decision's candidate may name {@code name} as its provider or sku, and so a model may learn it;
	 * blank as Bean Validation's {@code @NotBlank} judges a candidate's, so whatever a decision took imports.
	 */
	public static boolean offerable(String name) {
		return !name.isBlank() && name.length() <= MAX_NAME && printable(name);
	}

	/** The actions of stored candidates, each a map with {@code provider} and {@code sku}, in order. */
	public static java.util.List<Action> of(java.util.List<? extends java.util.Map<String, ?>> candidates) {
		return candidates.stream().map(c -> new Action(String.valueOf(c.get("provider")), String.valueOf(c.get("sku")))).toList();
	}

	/** A readable identity such as {@code akash/A8}, used in explanations and logs. */
	@Override
	public String toString() {
		return provider + "/" + sku;
	}

}
