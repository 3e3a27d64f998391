package io.aurora.intelligence.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import io.aurora.intelligence.auditor.Auditor;
import io.aurora.intelligence.auditor.RewardSettingDifference;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
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
 * pre-trained model). Both are admin operations: with {@code AURORA_API_KEY} set they need that key,
 * and import exists only then. Exports run one at a time, each holding its serialised model until it is
 * written with its length on a connection closed after it (for at most {@value #EXPORT_READ_MS} ms,
 * then cut off, which the client sees as a body short of its length), so that callers
 * cannot multiply the heap a model takes, nor a slow reader hold the one export for long.
 */
@RestController
@Tag(name = ApiTags.MODEL)
class ModelController {

	private final Auditor auditor;

	private final ApiAuthProperties auth;

	private final Semaphore exporting = new Semaphore(1);

	/** How long a client may take to read an export before it is cut off and the export slot freed. */
	static final long EXPORT_READ_MS = 120_000;

	/**
	 * The export is written in pieces of Tomcat's output buffer's size, the deadline checked before each, so
	 * that a client reading just fast enough to escape the write timeout overruns it by one piece at most.
	 */
	static final int WRITE_CHUNK = 8 * 1024;

	private static final Logger log = LoggerFactory.getLogger(ModelController.class);

	/** Writes exports with every object's keys in order, so that replicas holding one model export the same bytes. */
	private final JsonMapper exports;

	ModelController(Auditor auditor, ApiAuthProperties auth, JsonMapper json) {
		this.auditor = auditor;
		this.auth = auth;
		this.exports = json.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
	}

	@Operation(summary = "Export the learned model: policy, hyper-parameters, reward settings, learned state and update count (admin)")
	@ApiResponse(responseCode = "200", description = "The model",
			content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
	@ApiResponse(responseCode = "401", description = "AURORA_API_KEY is set and the request did not carry it",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Another export is running, or another whole-model copy (an "
			+ "import, checkpoint, evaluation, or the load of an import or snapshot) was made for 10 s; retry after Retry-After seconds",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/model", produces = MediaType.APPLICATION_JSON_VALUE)
	void export(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!ApiKeyFilter.authorized(request, auth)) {
			FilterAnswers.unauthorized(request, response);
			return;
		}
		if (!exporting.tryAcquire()) {
			throw new BusyException("Another export is running; exports run one at a time", 2);
		}
		try {
			byte[] body = auditor.exportModel(exports::writeValueAsBytes);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLengthLong(body.length);
			// A rare, large answer on a connection of its own: cut off short, it cannot pass for whole.
			response.setHeader(HttpHeaders.CONNECTION, "close");
			OutputStream out = new DeadlineOutputStream(response.getOutputStream(), EXPORT_READ_MS, System::nanoTime);
			for (int offset = 0; offset < body.length; offset += WRITE_CHUNK) {
				out.write(body, offset, Math.min(WRITE_CHUNK, body.length - offset));
			}
		}
		catch (DeadlineOutputStream.Expired ex) {
			log.info("Model export cut off: {}", ex.getMessage());
		}
		finally {
			exporting.release();
		}
	}

	@Operation(summary = "Import a model exported by GET /model from a service with the same policy (admin)")
	@ApiResponse(responseCode = "204", description = "Imported; every replica loads it within a second, or once a copy of the model it is making (an evaluation, an export) ends. "
			+ "A Warning header names the reward settings (REWARD_*) the model's rewards were scored under that differ from this service's")
	@ApiResponse(responseCode = "403", description = "Admin endpoints are off: AURORA_API_KEY is not set",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "400", description = "The body is not a JSON object, or not a model document (no 'policy' string or 'state' object)", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "The request has no valid bearer token", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body exceeds 64 MiB, or parsed would take more than a quarter of the heap",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "Not application/json, or a Content-Encoding",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "The store did not confirm the import (it was not stored), the service is "
			+ "busy receiving bodies, or another whole-model copy (an export, checkpoint, evaluation, or the load of an import or "
			+ "snapshot) was made for 10 s; see Retry-After", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "Another policy's model, or a state that does not fit the policy (such as a provider or sku no decision could offer)",
			content = @Content(mediaType = "application/problem+json"))
	@PutMapping(path = "/model", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> importModel(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			description = "The document a GET /model answered, unchanged: run GET /model (here or on the service whose model "
					+ "you import) and paste its answer. It must name the same policy and learning rules as this service runs; "
					+ "a hand-written document such as the example is refused with 422, saying why.",
			content = @Content(mediaType = "application/json", schema = @Schema(type = "object",
					requiredProperties = { "policy", "state" }, example = "{\"policy\": \"squarecb\", \"learning_rules\": 5, "
							+ "\"parameters\": {}, \"updates\": 0, \"log_seq\": 0, \"state\": {}}"),
					schemaProperties = {
							@SchemaProperty(name = "policy", schema = @Schema(type = "string", description = "The policy that learned the model")),
							@SchemaProperty(name = "learning_rules", schema = @Schema(type = "integer",
									description = "The version of the learning rules the state was learned under")),
							@SchemaProperty(name = "state", schema = @Schema(type = "object", description = "The learned state, as exported")) }))
			@RequestBody Map<String, Object> model) {
		if (!auth.enabled()) {
			// ApiKeyFilter answers this first; kept should a path form ever reach here that its match missed.
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, FilterAnswers.ADMIN_OFF_DETAIL);
			problem.setTitle(FilterAnswers.ADMIN_OFF_TITLE);
			return ApiErrors.typed(problem);
		}
		if (!(model.get("policy") instanceof String)) {
			throw new InvalidRequestException("policy", (model.get("policy") == null ? "missing" : "must be a string")
					+ ": a model document names the policy that learned it, as GET /model's does");
		}
		Object rules = model.get("learning_rules");
		if (rules != null && !(rules instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue()))) {
			throw new InvalidRequestException("learning_rules",
					"must be a whole number: the version of the learning rules, as GET /model writes it");
		}
		if (!(model.get("state") instanceof Map<?, ?>)) {
			throw new InvalidRequestException("state", (model.get("state") == null ? "missing" : "must be an object")
					+ ": a model document carries the learned state as an object, as GET /model's does");
		}
		auditor.importModel(model);
		List<RewardSettingDifference> differing = auditor.rewardSettingsDiffering(model);
		if (!differing.isEmpty()) {
			String warning = differing.stream()
				.map(d -> d.setting() + " " + UnreadableBody.printable(String.valueOf(d.imported())) + " there, " + d.here() + " here")
				.collect(Collectors.joining("; ", "the model's rewards were scored under other reward settings (",
						"); it goes on learning on this service's"));
			log.warn("Model imported by PUT /model: {}", warning);
			return ResponseEntity.noContent().header("Warning", UnknownFields.warning(warning)).build();
		}
		return ResponseEntity.noContent().build();
	}

}
