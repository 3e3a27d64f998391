package io.aurora.intelligence.api;

import java.time.Instant;

import io.aurora.intelligence.executor.Placement;
import io.aurora.intelligence.telemetry.KeyOutcome;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The answers to a keyed decision whose key was claimed already ({@link IdempotentDecisions}), each counted. */
final class KeyAnswers {

	private final JsonMapper json;

	private final Telemetry telemetry;

	KeyAnswers(JsonMapper json, Telemetry telemetry) {
		this.json = json;
		this.telemetry = telemetry;
	}

	/** 422: the key was claimed by a request with another body. */
	ResponseEntity<?> reused(String key) {
		telemetry.idempotencyKey(KeyOutcome.REUSED);
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
				"Idempotency-Key '" + key + "' was used for another request (another body); a key names one request", null);
	}

	/** The first request's stored answer, marked {@code Idempotent-Replayed: true}. */
	ResponseEntity<?> replayed(String answer) {
		telemetry.idempotencyKey(KeyOutcome.REPLAYED);
		return ResponseEntity.ok().header("Idempotent-Replayed", "true").contentType(MediaType.APPLICATION_JSON)
			.body(json.readTree(answer));
	}

	/** 409 with {@code Retry-After: 1}: the first request is still being decided. */
	ResponseEntity<?> inProgress(String key) {
		telemetry.idempotencyKey(KeyOutcome.IN_PROGRESS);
		return problem(HttpStatus.CONFLICT, "Request in progress", "The request of Idempotency-Key '" + key
				+ "' is still being decided; repeat it after Retry-After to get its answer", 1);
	}

	/**
	 * 409: the first request, claimed at {@code claimedAt}, will never be answered, and the router may have placed it;
	 * {@code router} is what the router answered for it, when this replica knows (its trace failed here).
	 */
	ResponseEntity<?> neverAnswered(String key, Instant claimedAt, Placement.@Nullable RouterOutcome router) {
		telemetry.idempotencyKey(KeyOutcome.NEVER_ANSWERED);
		String asked = router == null ? "the router may have been asked to place the task (where the store failed the decision, "
				+ "the service logged at WARN the task and what the router answered). Check whether the task was placed"
				: "the router was asked to place the task, and its last answer was '" + router.result() + "' for " + router.provider()
						+ "/" + router.sku() + (router.placed() ? " (placed)" : " (not placed)") + ". Check the task there";
		ResponseEntity<?> answer = problem(HttpStatus.CONFLICT, "Request never answered", "The request of Idempotency-Key '" + key
				+ "', received at " + claimedAt + ", was never answered (the service stopped or the store failed while deciding "
				+ "it); " + asked + ": if it was not, send a new key to decide again; if it was, report its outcome by a shadow "
				+ "decision under a new key and feedback naming where it ran", null);
		if (router != null && answer.getBody() instanceof ProblemDetail problem) {
			problem.setProperty("router", router);
		}
		return answer;
	}

	private static ResponseEntity<?> problem(HttpStatus status, String title, String detail, @Nullable Integer retryAfter) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfter != null) {
			answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
		}
		return answer.body(ProblemTypes.typed(problem));
	}

}
