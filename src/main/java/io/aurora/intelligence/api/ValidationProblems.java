package io.aurora.intelligence.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.BindingResult;

/**
 * The 400 for a body that bound but broke its constraints: each field error by its JSON path, in the body's
 * order, at most {@value #MAX_ERRORS} of them, with {@code error_count} when there were more.
 */
final class ValidationProblems {

	/** The most field errors one answer lists; {@code error_count} says how many there were. */
	static final int MAX_ERRORS = 20;

	private ValidationProblems() {
	}

	/** The problem listing {@code result}'s field errors; a blank string's size error is left to its must-not-be-blank. */
	static ProblemDetail of(BindingResult result) {
		Set<String> blank = result.getFieldErrors().stream()
			.filter(e -> "NotBlank".equals(e.getCode()))
			.map(FieldPaths::of)
			.collect(Collectors.toSet());
		List<Map<String, String>> all = result.getFieldErrors().stream()
			.filter(e -> !("Size".equals(e.getCode()) && blank.contains(FieldPaths.of(e))))
			.map(e -> Map.of("field", FieldPaths.of(e), "message", String.valueOf(e.getDefaultMessage())))
			.sorted(Comparator.comparing((Map<String, String> e) -> FieldPaths.byPosition(e.get("field")))
				.thenComparing(e -> e.get("message")))
			.toList();
		List<Map<String, String>> errors = all.subList(0, Math.min(all.size(), MAX_ERRORS));
		String detail = errors.stream().map(e -> e.get("field") + ": " + e.get("message")).collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				detail.isEmpty() ? "Invalid request content."
						: all.size() > errors.size() ? detail + "; and " + (all.size() - errors.size()) + " more" : detail);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		if (all.size() > errors.size()) {
			problem.setProperty("error_count", all.size());
		}
		return problem;
	}

}
