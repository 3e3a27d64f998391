package io.aurora.intelligence.api;

import java.util.Map;

import io.aurora.intelligence.auditor.Auditor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /model} exports the learned model; {@code PUT /model} imports one (a cold start from a
 * pre-trained model). Import is an admin operation: it exists only when {@code AURORA_API_KEY} is set,
 * and then needs that key.
 */
@RestController
class ModelController {

	private final Auditor auditor;

	private final ApiAuthProperties auth;

	ModelController(Auditor auditor, ApiAuthProperties auth) {
		this.auditor = auditor;
		this.auth = auth;
	}

	@Operation(summary = "Export the learned model: policy, hyper-parameters, learned state and update count")
	@GetMapping(path = "/model", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> export() {
		return auditor.exportModel();
	}

	@Operation(summary = "Import a model exported by GET /model from a service with the same policy (admin)")
	@ApiResponse(responseCode = "204", description = "Imported; every replica loads it within a second")
	@ApiResponse(responseCode = "403", description = "Admin endpoints are off: AURORA_API_KEY is not set",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "Another policy's model, or malformed",
			content = @Content(mediaType = "application/problem+json"))
	@PutMapping(path = "/model", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> importModel(@RequestBody Map<String, Object> model) {
		if (!auth.enabled()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
					"Importing a model is an admin operation; set AURORA_API_KEY to enable it and send the key");
			problem.setTitle("Admin endpoints are off");
			return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		auditor.importModel(model);
		return ResponseEntity.noContent().build();
	}

}
