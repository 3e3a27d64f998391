package io.aurora.intelligence.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.aurora.intelligence.executor.Execution;
import io.aurora.intelligence.executor.Executor;
import io.aurora.intelligence.executor.Placement;
import io.aurora.intelligence.store.CommitUncertainException;
import io.aurora.intelligence.store.StoreRefusingException;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Decision;
import io.aurora.intelligence.strategist.ObjectivesUnsupportedException;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.telemetry.DecisionPhase;
import io.aurora.intelligence.telemetry.Telemetry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /decisions}: the Strategist chooses, the Executor routes and traces, and the answer
 * goes back only once the trace is stored.
 */
@RestController
@Tag(name = ApiTags.DECISIONS)
class DecisionController {

	private final Strategist strategist;

	private final Executor executor;

	private final Telemetry telemetry;

	private final ApiAuthProperties auth;

	private final IdempotentDecisions idempotent;

	DecisionController(Strategist strategist, Executor executor, Telemetry telemetry, ApiAuthProperties auth,
			IdempotentDecisions idempotent) {
		this.auth = auth;
		this.idempotent = idempotent;
		this.strategist = strategist;
		this.executor = executor;
		this.telemetry = telemetry;
	}

	@Operation(summary = "Choose a candidate for a task",
			description = "Without an Idempotency-Key every call is a new decision with its own trace_id and asks the "
					+ "router again, whatever its task_id, so a client that times out and retries may have the task placed "
					+ "twice; send one to make retries safe. explanations.router_result says what became of the last router "
					+ "call (timeout: the router may have placed the task).",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					examples = { @ExampleObject(name = "example", value = OpenApiExamples.DECISION_REQUEST),
							@ExampleObject(name = "shadow", summary = "Your own scheduler places the task (shadow mode)",
									value = OpenApiExamples.DECISION_SHADOW_REQUEST) })))
	@ApiResponse(responseCode = "200", description = "The decision, traced",
			content = @Content(schema = @Schema(implementation = DecisionResponse.class),
					examples = @ExampleObject(name = "example", value = OpenApiExamples.DECISION_RESPONSE)),
			headers = @Header(name = "Idempotent-Replayed", description = "true on a repeat of a request whose "
					+ "Idempotency-Key was answered already: this is that answer, and nothing was decided or placed now",
					schema = @Schema(type = "string", allowableValues = "true")))
	@ApiResponse(responseCode = "400", description = "Invalid request, or Idempotency-Key (errors[].field names it)", content = @Content(
			mediaType = "application/problem+json", examples = @ExampleObject(value = OpenApiExamples.PROBLEM_400)))
	@ApiResponse(responseCode = "401", description = "AURORA_AUTH_DECISIONS=true and the request has no valid bearer token, or AURORA_API_KEY is set and the request sent another key",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body exceeds 1 MiB", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "Not application/json, or a Content-Encoding",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409", description = "A request of this Idempotency-Key is still being decided (see "
			+ "Retry-After), or was never answered", content = @Content(mediaType = "application/problem+json"),
			headers = @Header(name = "Retry-After", description = "Seconds to wait before repeating the request, while "
					+ "the first is being decided", schema = @Schema(type = "integer", minimum = "1")))
	@ApiResponse(responseCode = "422", description = "The constraints leave no candidate ('constraints' counts what each "
			+ "excluded), or the Idempotency-Key was used for another body", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "The trace store did not confirm the trace, so "
			+ "no decision was acknowledged (the router may have been told, and a trace whose commit was given up on "
			+ "may still land, unanswered); or the store refuses writes or is short of space, and nothing was placed; "
			+ "or the service is busy receiving bodies; see Retry-After", content = @Content(mediaType = "application/problem+json"))
	@PostMapping(path = "/decisions", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> decide(@Valid @RequestBody DecisionRequest request, HttpServletRequest http,
			@Parameter(description = "Makes a retry safe: a repeat of the request with the same key (within a day) answers "
					+ "the first decision's answer, with Idempotent-Replayed: true, instead of placing the task again; the "
					+ "same key with another body is a 422, and a repeat while the first is decided a 409. 1 to 255 "
					+ "printable ASCII characters, such as a UUID, bare or as a quoted string (\"...\"); one per request, "
					+ "so a bare key has no comma", schema = @Schema(minLength = 1, maxLength = 512,
							pattern = IdempotencyKeyHeader.PATTERN)) @RequestHeader(name = IdempotentDecisions.HEADER,
							required = false) @Nullable String idempotencyKey) {
		BodyLimitFilter.validated(http);
		if (idempotencyKey == null) {
			return ResponseEntity.ok(placed(request, http, null));
		}
		String key = IdempotencyKeyHeader.keyOf(http);
		IdempotentDecisions.Claim claim = idempotent.claimOf(key, ApiKeyFilter.authorized(http, auth),
				idempotent.fingerprint(request));
		try {
			return ResponseEntity.ok(placed(request, http, claim));
		}
		catch (Repeated ex) {
			return ex.answer;
		}
		finally {
			claim.finish();
		}
	}

	/**
	 * Decides, routes and traces; {@code claim}, when given, is taken once the request passed its own
	 * checks (the answer to a repeat it gives, the key being claimed already, is the request's instead),
	 * answered with the trace, and given up when the decision fails before the router is asked.
	 */
	private DecisionResponse placed(DecisionRequest request, HttpServletRequest http,
			IdempotentDecisions.@Nullable Claim claim) {
		long start = System.nanoTime();
		DecisionInputs.check(request);
		Constraints constraints = request.constraints() == null ? Constraints.NONE : request.constraints();
		Constraints.Eligibility eligibility = constraints.apply(request.candidates());
		if (eligibility.eligible().isEmpty()) {
			throw new NoEligibleCandidateException(eligibility.excludedBy(), eligibility.undeclared());
		}
		List<Candidate> eligible = eligibility.eligible().stream().map(request.candidates()::get).toList();
		List<Action> actions = eligible.stream().map(c -> new Action(c.provider(), c.sku())).toList();
		Map<String, Object> context = request.context() == null ? Map.of() : DecisionInputs.copy(request.context());
		Map<String, Double> weights = DecisionInputs.weights(request.objectives());
		long claimNanos = 0;
		if (claim != null) {
			long claiming = System.nanoTime();
			Optional<ResponseEntity<?>> repeat = claim.takeWhenWritable(executor::requireWritable);
			if (repeat.isPresent()) {
				throw new Repeated(repeat.get());
			}
			claimNanos = System.nanoTime() - claiming;
		}
		Decision decision;
		try {
			if (constraints.limitsRisk()) {
				Strategist.Screened screened = strategist.decide(context, actions, weights,
						risks -> DecisionInputs.riskScreen(constraints, eligibility, risks));
				decision = screened.decision();
				eligible = screened.kept().stream().map(eligible::get).toList();
			}
			else {
				decision = strategist.decide(context, actions, weights);
			}
		}
		catch (ObjectivesUnsupportedException ex) {
			release(claim);
			throw new InvalidRequestException("objectives", ex.getMessage());
		}
		catch (RuntimeException | Error ex) {
			release(claim);
			throw ex;
		}
		long decidedAt = System.nanoTime();
		long strategistNanos = decidedAt - start - claimNanos;
		boolean authorized = ApiKeyFilter.authorized(http, auth);
		List<Candidate> offered = eligible;
		Decision decided = decision;
		Function<Execution, DecisionResponse> answerOf = execution -> response(request, offered, decided, execution);
		Placement placement;
		Execution execution;
		try {
			placement = new Placement(request.taskId(), context, eligible.stream().map(DecisionInputs::traced).toList(),
					decision, strategistNanos, authorized, claim == null ? null : claim.keyed(answerOf), request.shadowed());
			execution = executor.execute(placement);
		}
		catch (StoreRefusingException ex) {
			// Refused before the router was asked: nothing placed, so a retry with the key may decide anew.
			release(claim);
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			// The router may have placed the task: the key stays claimed, and, unless the trace (with the
			// key's answer) may still commit, a repeat hears at once that it was never answered.
			if (claim != null && ex instanceof CommitUncertainException) {
				claim.uncertain();
			}
			else if (claim != null) {
				claim.abandon();
			}
			throw ex;
		}
		long done = System.nanoTime();
		telemetry.decisionPhase(DecisionPhase.STRATEGIST, strategistNanos);
		telemetry.decisionPhase(DecisionPhase.EXECUTOR, done - decidedAt + claimNanos);
		telemetry.decisionPhase(DecisionPhase.TOTAL, done - start);
		telemetry.decision(eligible.get(execution.placedIndex()).provider(), decision.choice().explorationLabel(),
				placement.vouched(execution.placed()));
		if (request.shadowed()) {
			telemetry.shadowDecision();
		}
		return answerOf.apply(execution);
	}

	/** Gives up a claimed key, the decision having failed before the router was asked. */
	private static void release(IdempotentDecisions.@Nullable Claim claim) {
		if (claim != null) {
			claim.release();
		}
	}

	/** The answer to a decision executed among {@code eligible}; built once more for a keyed decision's stored answer. */
	private static DecisionResponse response(DecisionRequest request, List<Candidate> eligible, Decision decision,
			Execution execution) {
		Choice choice = decision.choice();
		int placed = execution.placedIndex();
		Candidate chosen = eligible.get(placed);
		DecisionResponse.@Nullable Named firstChoice = placed == choice.index() ? null
				: DecisionResponse.Named.of(choice.action());
		return new DecisionResponse(request.taskId(), chosen, execution.score(), execution.traceId(),
				new DecisionResponse.Explanations(decision.value(placed), decision.psi().coherence(), decision.psi().density(),
						choice.explorationLabel(), choice.propensity(), decision.state(), execution.scoreSource(),
						execution.attempts(), execution.placed(), execution.routerStatus(), firstChoice,
						execution.skipped().stream().map(eligible::get).map(skip -> new DecisionResponse.Named(skip.provider(), skip.sku())).toList(),
						decision.weights(), decision.objectives(placed), decision.paretoFront().stream()
							.map(DecisionResponse.Named::of).toList()));
	}

	/** The answer to a repeat, found when the key was claimed by another request in the meantime. */
	private static final class Repeated extends RuntimeException {

		private final transient ResponseEntity<?> answer;

		Repeated(ResponseEntity<?> answer) {
			super(null, null, false, false);
			this.answer = answer;
		}

	}

}
