package io.aurora.intelligence.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /problems}: what each of the service's problem types (a problem's {@code type}) means. */
@RestController
@Tag(name = ApiTags.PROBLEMS)
class ProblemTypesController {

	@Operation(summary = "The service's problem types", description = "Every type a problem+json answer of this "
			+ "service may carry besides about:blank, with its title, status and meaning")
	@GetMapping(path = "/problems", produces = MediaType.APPLICATION_JSON_VALUE)
	List<Described> all() {
		return ProblemTypes.ALL.stream().map(Described::of).toList();
	}

	@Operation(summary = "One problem type", description = "What a problem whose type is /problems/{name} means")
	@ApiResponse(responseCode = "200", description = "The type",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Described.class)))
	@ApiResponse(responseCode = "404", description = "No such type", content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/problems/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> one(@PathVariable String name) {
		return ProblemTypes.ALL.stream()
			.filter(type -> type.name().equals(name))
			.findFirst()
			.<ResponseEntity<?>>map(type -> ResponseEntity.ok(Described.of(type)))
			.orElseGet(() -> ApiErrors.typed(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No such problem type; GET /problems lists them")));
	}

	/**
	 * A problem type as {@code GET /problems} describes it.
	 *
	 * @param type the type's URI, as problems carry it
	 * @param title the problems' title
	 * @param status the status they are answered with
	 * @param description what the problem means and what to do about it
	 */
	record Described(String type, String title, int status, String description) {

		static Described of(ProblemTypes.ProblemType type) {
			return new Described(type.uri().toString(), type.title(), type.status(), type.description());
		}

	}

}
