package io.aurora.intelligence.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What makes two decision requests the same request for an {@code Idempotency-Key}: a SHA-256 of the
 * request as the service read it, in a canonical form.
 */
final class DecisionFingerprint {

	/** The constraints that are sets of names, whose order and repetition mean nothing. */
	private static final List<String> CONSTRAINT_SETS = List.of("regions", "exclude_providers");

	private final JsonMapper json;

	DecisionFingerprint(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The request's fingerprint: a SHA-256 of its JSON as the service read it, in a canonical form, so
	 * that whitespace, the order of keys at any depth, the spelling of a number ({@code 8}, {@code 8.0},
	 * {@code 8e0}), a field sent as null or left out, unknown fields, and the order or repetition of the
	 * names in the constraints' sets ({@code regions}, {@code exclude_providers}) do not make two sendings
	 * of one request differ; a null inside free-form JSON ({@code context}, {@code metadata}) still counts.
	 */
	String of(DecisionRequest request) {
		StringBuilder canonical = new StringBuilder();
		JsonNode tree = json.valueToTree(request);
		// A field added after keys were first stored is left out while absent, so that a repeat sent to a replica of
		// another version has the fingerprint its key was stored with.
		if (tree instanceof ObjectNode root && root.path("shadow").isNull()) {
			root.remove("shadow");
		}
		if (tree.get("constraints") instanceof ObjectNode constraints) {
			for (String set : CONSTRAINT_SETS) {
				if (constraints.get(set) instanceof ArrayNode names) {
					constraints.set(set, sortedDistinct(names));
				}
			}
		}
		canonical(tree, canonical);
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A set's members by their canonical form, each once: they are matched by membership, so order is no difference. */
	private ArrayNode sortedDistinct(ArrayNode names) {
		Map<String, JsonNode> byForm = new TreeMap<>();
		names.valueStream().forEach(name -> {
			StringBuilder form = new StringBuilder();
			canonical(name, form);
			byForm.putIfAbsent(form.toString(), name);
		});
		ArrayNode sorted = names.arrayNode();
		byForm.values().forEach(sorted::add);
		return sorted;
	}

	private void canonical(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			Map<String, JsonNode> sorted = new TreeMap<>();
			node.properties().forEach(property -> sorted.put(property.getKey(), property.getValue()));
			out.append('{');
			sorted.forEach((name, value) -> {
				quoted(name, out).append(':');
				canonical(value, out);
				out.append(',');
			});
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			node.valueStream().forEach(value -> {
				canonical(value, out);
				out.append(',');
			});
			out.append(']');
		}
		else if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
			// Beyond a double's range (1e400): refused by validation after this, but it must not fail here.
			out.append(node.doubleValue());
		}
		else if (node.isNumber()) {
			BigDecimal number = node.decimalValue();
			out.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toString());
		}
		else if (node.isString()) {
			quoted(node.asString(), out);
		}
		else {
			out.append(node);
		}
	}

	private static StringBuilder quoted(String text, StringBuilder out) {
		return out.append('"').append(JsonStringEncoder.getInstance().quoteAsCharArray(text)).append('"');
	}

}
