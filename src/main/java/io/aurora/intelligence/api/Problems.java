package io.aurora.intelligence.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.aurora.intelligence.auditor.RefusedFeedbackException;
import io.aurora.intelligence.store.RecordedFeedback;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The problem+json bodies {@link ApiErrors} answers with that take more than a status, a title and a detail. */
final class Problems {

	private Problems() {
	}

	/** A problem of {@code status} with its title and detail. */
	static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, String.valueOf(detail));
		problem.setTitle(title);
		return problem;
	}

	/** A 400 naming the offending field, in {@code detail} and in {@code errors} as validation failures do. */
	static ProblemDetail badRequest(String field, @Nullable String message) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message);
		problem.setProperty("errors", List.of(Map.of("field", field, "message", String.valueOf(message))));
		return problem;
	}

	/** A 422 saying which constraints excluded every candidate, and which candidates' metadata did not declare. */
	static ProblemDetail noEligibleCandidate(NoEligibleCandidateException ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "No eligible candidate",
				"No candidate satisfies the constraints: " + String.join(", ", new TreeSet<>(ex.excludedBy().keySet()))
						+ " excluded them all" + Constraints.undeclaredDetail(ex.undeclared()));
		problem.setProperty("constraints", new TreeMap<>(ex.excludedBy()));
		if (!ex.undeclared().isEmpty()) {
			problem.setProperty("undeclared", new TreeMap<>(ex.undeclared()));
		}
		return problem;
	}

	/** The problem with the trace's recorded feedback and whether the refused one had its outcome, when there is one. */
	static ProblemDetail withRecorded(ProblemDetail problem, RefusedFeedbackException refused) {
		RecordedFeedback recorded = refused.recorded();
		if (recorded != null) {
			Map<String, Object> shown = new LinkedHashMap<>(Map.of("outcome", recorded.outcome(), "reward",
					recorded.reward(), "received_at", recorded.receivedAt().toString()));
			if (recorded.ran() != null) {
				shown.put("ran", recorded.ran());
			}
			problem.setProperty("recorded", shown);
			problem.setProperty("same_outcome", refused.sameOutcome());
		}
		return problem;
	}

}
