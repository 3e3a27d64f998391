package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body's other fields with the wrong type, once Jackson has stopped at the first: so that a caller fixes
 * them all in one go, the body is read again as a tree, and bound with each field found so far taken out
 * (an array's element set to null) until it binds. Only small bodies of the API's own requests are read
 * again, so a hostile body costs at most one more parse and {@link #MAX_FURTHER} + 1 bindings; the last one
 * only tells whether there are more than an answer lists.
 */
final class TypeErrors {

	/** The largest body read again: a request written by hand, not a flood. */
	static final int MAX_BODY = 64 * 1024;

	/** The most further errors found, besides the first: an answer names at most {@link ValidationProblems#MAX_ERRORS}. */
	static final int MAX_FURTHER = ValidationProblems.MAX_ERRORS - 1;

	private TypeErrors() {
	}

	/**
	 * The errors of other fields of {@code body} after {@code first}, in the order a binding meets them, at most
	 * {@link #MAX_FURTHER} + 1 (one more than an answer lists, to tell that there are more); empty when there are
	 * none, the body is large, or it is not one of this package's requests.
	 */
	static List<JacksonException> after(ObjectMapper mapper, byte[] body, JacksonException first) {
		if (body.length > MAX_BODY || first.getPath().isEmpty() || !(first.getPath().get(0).from() instanceof Class<?> root)
				|| !root.getPackageName().equals(TypeErrors.class.getPackageName())) {
			return List.of();
		}
		JsonNode tree;
		try {
			tree = mapper.readTree(body);
		}
		catch (RuntimeException ex) {
			return List.of();
		}
		Set<String> seen = new HashSet<>(Set.of(UnreadableBody.path(first)));
		List<JacksonException> found = new ArrayList<>();
		if (!takeOut(tree, first.getPath())) {
			return found;
		}
		while (found.size() <= MAX_FURTHER) {
			try {
				mapper.treeToValue(tree, root);
				return found;
			}
			catch (RuntimeException other) {
				// Only Jackson's errors name a field; anything else ends the search with what was found.
				if (!(other instanceof JacksonException ex)) {
					return found;
				}
				if (ex.getPath().isEmpty() || !seen.add(UnreadableBody.path(ex)) || !takeOut(tree, ex.getPath())) {
					return found;
				}
				found.add(ex);
			}
		}
		return found;
	}

	/** Takes the value at {@code path} out of {@code tree}; false when the path does not lead to one. */
	private static boolean takeOut(JsonNode tree, List<JacksonException.Reference> path) {
		@Nullable JsonNode parent = tree;
		for (int i = 0; i < path.size() - 1 && parent != null; i++) {
			parent = step(parent, path.get(i));
		}
		JacksonException.Reference last = path.get(path.size() - 1);
		if (parent instanceof ObjectNode object && last.getPropertyName() != null && object.has(last.getPropertyName())) {
			object.remove(last.getPropertyName());
			return true;
		}
		if (parent instanceof ArrayNode array && last.getPropertyName() == null && last.getIndex() >= 0
				&& last.getIndex() < array.size()) {
			array.set(last.getIndex(), NullNode.getInstance());
			return true;
		}
		return false;
	}

	private static @Nullable JsonNode step(JsonNode node, JacksonException.Reference ref) {
		return ref.getPropertyName() != null ? node.get(ref.getPropertyName()) : node.get(ref.getIndex());
	}

}
