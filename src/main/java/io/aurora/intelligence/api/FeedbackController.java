package io.aurora.intelligence.api;

import io.aurora.intelligence.auditor.Audit;
import io.aurora.intelligence.auditor.Auditor;
import io.aurora.intelligence.auditor.Outcome;
import io.aurora.intelligence.strategist.Action;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /feedback}: the Auditor scores the outcome, logs it durably and the model learns. */
@RestController
@Tag(name = ApiTags.FEEDBACK)
class FeedbackController {

	private final Auditor auditor;

	FeedbackController(Auditor auditor) {
		this.auditor = auditor;
	}

	@Operation(summary = "Report the outcome of a decision",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					examples = { @ExampleObject(name = "example", value = OpenApiExamples.FEEDBACK_REQUEST),
							@ExampleObject(name = "shadow", summary = "The task ran where your own scheduler chose",
									value = OpenApiExamples.FEEDBACK_SHADOW_REQUEST),
							@ExampleObject(name = "randomised rules", summary = "Your rules picked it at random, with this "
									+ "probability", value = OpenApiExamples.FEEDBACK_RANDOMISED_REQUEST) })))
	@ApiResponse(responseCode = "200", description = "Stored and learned from. A Warning header says when the reward's "
			+ "settings score the latency -1 whatever the outcome (a latency_ms budget at least twice REWARD_LATENCY_MS)",
			content = @Content(schema = @Schema(implementation = FeedbackResponse.class),
					examples = @ExampleObject(name = "example", value = OpenApiExamples.FEEDBACK_RESPONSE)))
	@ApiResponse(responseCode = "400", description = "Invalid outcome", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "Unknown trace_id", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409", description = "This trace already has feedback; nothing changed",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "ran names a candidate the decision was not offered",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "410", description = "The decision is older than FEEDBACK_WINDOW_S",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "AURORA_API_KEY is set and the request has no valid bearer token",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body exceeds 1 MiB", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "Not application/json, or a Content-Encoding",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "The store did not confirm the write, so nothing "
			+ "was acknowledged (a commit given up on after it began may still land: a retry then answers 409), or the "
			+ "service is busy receiving bodies; see Retry-After", content = @Content(mediaType = "application/problem+json"))
	@PostMapping(path = "/feedback", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<FeedbackResponse> feedback(@Valid @RequestBody FeedbackRequest request) {
		FeedbackRequest.OutcomeBody o = request.outcome();
		FeedbackRequest.Ran ran = request.ran();
		Audit audit = auditor.audit(request.traceId(), new Outcome(o.latencyMs(), o.cost(), o.failures(), o.sloHit()),
				ran == null ? null : new Action(ran.provider(), ran.sku()), ran == null ? null : ran.propensity());
		FeedbackResponse body = new FeedbackResponse(true, audit.reward().total(), new FeedbackResponse.Explanation(
				audit.reward().total(), audit.reward().components(), audit.reward().explanation()), audit.qUpdates(),
				audit.ran() == null ? null
						: new FeedbackRequest.Ran(audit.ran().provider(), audit.ran().sku(), audit.ranPropensity()));
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
		if (audit.advice() != null) {
			answer.header("Warning", UnknownFields.warning(audit.advice()));
		}
		return answer.body(body);
	}

}
