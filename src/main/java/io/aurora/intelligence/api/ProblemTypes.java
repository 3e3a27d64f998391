package io.aurora.intelligence.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * The service's own problem types (RFC 9457): a problem whose title is not its status's reason phrase
 * gets the type {@code /problems/<name>}, which {@code GET} describes, so that a client can branch on
 * it; plain HTTP problems ({@code Not Found}, {@code Content Too Large}, ...) stay {@code about:blank}.
 */
final class ProblemTypes {

	/** Where the types live. */
	static final String PATH = "/problems/";

	/** Every type the service answers with, in the order {@code GET /problems} lists them. */
	static final List<ProblemType> ALL = List.of(
			new ProblemType("invalid-request", "Invalid request", 400, "A field of the request, its query or a header is invalid; errors[] names "
					+ "each field with its message, and unknown_fields any field that was ignored (a misspelling is the usual cause)."),
			new ProblemType("unreadable-request-body", "Unreadable request body", 400, "The body is not the JSON the endpoint takes (malformed, a "
					+ "value of the wrong type, a duplicate key); the detail says where."),
			new ProblemType("malformed-query-string", "Malformed query string", 400, "The query string holds a '%' not followed by two hex digits, "
					+ "bytes that are not UTF-8, or too many parameters."),
			new ProblemType("too-little-to-evaluate", "Too little to evaluate", 400, "An evaluation needs more logged decisions with feedback than "
					+ "the store holds, or than the limit allows."),
			new ProblemType("admin-endpoints-are-off", "Admin endpoints are off", 403, "PUT /model is refused while AURORA_API_KEY is not set."),
			new ProblemType("unknown-trace", "Unknown trace", 404, "No decision with this trace_id is stored: it was never answered by "
					+ "this service's store, or retention deleted it."),
			new ProblemType("request-in-progress", "Request in progress", 409, "A request of this Idempotency-Key is still being decided; repeat "
					+ "it after Retry-After to get its answer."),
			new ProblemType("request-never-answered", "Request never answered", 409, "The request of this Idempotency-Key was claimed but never "
					+ "answered (the service stopped or the store failed while deciding it), and the router may have been "
					+ "asked to place the task: check with the router, then decide again under a new key."),
			new ProblemType("feedback-already-recorded", "Feedback already recorded", 409, "The trace has its feedback already; recorded holds it and "
					+ "same_outcome says whether this one was the same."),
			new ProblemType("feedback-window-closed", "Feedback window closed", 410, "The decision is older than FEEDBACK_WINDOW_S, so its "
					+ "feedback is no longer taken."),
			new ProblemType("idempotency-key-reused", "Idempotency-Key reused", 422, "The Idempotency-Key was used for another request (another "
					+ "body); a key names one request."),
			new ProblemType("no-eligible-candidate", "No eligible candidate", 422, "The constraints leave no candidate; constraints counts what "
					+ "each one excluded."),
			new ProblemType("unknown-candidate", "Unknown candidate", 422, "The feedback's ran names a candidate its decision "
					+ "was not offered: name one of the decision's candidates, as it named them."),
			new ProblemType("model-does-not-fit", "Model does not fit", 422, "The model given to PUT /model was exported by another policy "
					+ "or under other learning rules, or its state does not fit the policy (its parameters are not compared)."),
			new ProblemType("internal-error", "Internal error", 500, "An unexpected error, logged by the service with its stack trace."),
			new ProblemType("model-busy", "Model busy", 503, "Another copy of the model (an import, export, checkpoint or "
					+ "evaluation) holds it; retry after Retry-After."),
			new ProblemType("store-refusing-writes", "Store refusing writes", 503, "The store is failing its writes, so the "
					+ "decision was refused before the router was asked: nothing was placed or stored; retry after Retry-After "
					+ "(under the same Idempotency-Key, if one was sent)."),
			new ProblemType("store-short-of-space", "Store short of space", 503, "The store's volume has less than STORE_MIN_FREE_MB free, so "
					+ "decisions are refused before the router is asked; retry after Retry-After."),
			new ProblemType("store-unavailable", "Store unavailable", 503, "The store did not answer or did not confirm the write, so nothing "
					+ "was acknowledged. A feedback may be retried (a repeat of one stored after all is a 409); a "
					+ "decision may have been placed by the router already, so retry it under the same Idempotency-Key."));

	private static final Map<String, ProblemType> BY_TITLE = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(ProblemType::title, Function.identity()));

	private ProblemTypes() {
	}

	/** The type of a plain HTTP problem, whose title is the status's reason phrase (RFC 9457). */
	static final URI BLANK = URI.create("about:blank");

	/** The type of a problem of this title, or null for a plain HTTP problem ({@code about:blank}). */
	static @Nullable ProblemType of(@Nullable String title) {
		return title == null ? null : BY_TITLE.get(title);
	}

	/**
	 * Gives {@code problem} the type its title names, if it is one of the service's own, and otherwise
	 * {@code about:blank} written out, so that every answer carries a {@code type} to compare.
	 */
	static ProblemDetail typed(ProblemDetail problem) {
		ProblemType type = of(problem.getTitle());
		// Spring leaves a problem's type null for about:blank, and then leaves it out of the answer.
		URI current = problem.getType();
		if (current == null || BLANK.equals(current)) {
			problem.setType(type == null ? BLANK : type.uri());
		}
		return problem;
	}

	/**
	 * One problem type.
	 *
	 * @param name the type's name, the last segment of its URI: fixed, whatever becomes of the title
	 * @param title the problems' title
	 * @param status the status they are answered with
	 * @param description what the problem means and what to do about it
	 */
	record ProblemType(String name, String title, int status, String description) {

		/** The type's URI, a path on this service. */
		URI uri() {
			return URI.create(PATH + name());
		}

	}

}
