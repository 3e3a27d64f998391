package io.aurora.intelligence.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

import io.aurora.intelligence.evaluation.Breakdown;
import io.aurora.intelligence.evaluation.Evaluation;
import io.aurora.intelligence.evaluation.Evaluations;
import io.aurora.intelligence.evaluation.InvalidFieldException;
import io.aurora.intelligence.evaluation.OffPolicyEvaluator;
import io.aurora.intelligence.evaluation.Segment;
import io.aurora.intelligence.strategist.Objectives;
import io.aurora.intelligence.strategist.Strategist;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /evaluations}: what another policy would have earned on the logged decisions (IPS,
 * SNIPS and doubly-robust estimates with 95% intervals and the effective sample size).
 */
@RestController
@Tag(name = ApiTags.EVALUATIONS)
class EvaluationController {

	private final Evaluations evaluations;

	/** What a uniform evaluation answers when asked for a model or an epsilon, which only epsilon-greedy uses. */
	static final String UNIFORM_IGNORES = UnknownFields.warning("model and epsilon apply to epsilon-greedy only; "
			+ "ignored for uniform");

	/** What a first-candidate evaluation answers when asked for a model or an epsilon. */
	static final String FIRST_IGNORES = UnknownFields.warning("model and epsilon apply to epsilon-greedy only; "
			+ "ignored for first");

	/** Why a comparison with the caller's rules has an interval of [-2, 2]. */
	static final String RULES_UNSUPPORTED = "your rules' shadow decisions with a propensity do not support the policy "
			+ "(fewer than 30, too few of the policy's choices among them, a tenth of them on candidates your rules never "
			+ "ran, or propensities that understate your rules' chances); the difference's interval is [-2, 2]";

	/** Why a comparison with the logged policy has an interval of [-2, 2]. */
	static final String LOGGED_UNSUPPORTED = "the service's own decisions do not support the policy (fewer than 30, "
			+ "too few of the policy's choices among them, or a tenth of them on candidates it never chose: the service "
			+ "rarely chose what the policy would); the "
			+ "difference's interval is [-2, 2]";

	/** An evaluation reads and refits up to {@value Evaluations#MAX_LIMIT} logged decisions: one runs at a time. */
	private final Semaphore running = new Semaphore(1);

	/** The weights the model optimises ({@code REWARD_WEIGHTS}), which an evaluation without objectives measures. */
	private final Map<String, Double> defaultWeights;

	EvaluationController(Evaluations evaluations, Strategist strategist) {
		this.evaluations = evaluations;
		this.defaultWeights = strategist.defaultWeights();
	}

	@Operation(summary = "Estimate offline what uniform random, ε-greedy or always the first candidate would have earned "
			+ "on the logged decisions",
			description = "first takes the first candidate each decision offered: a scheduler that lists candidates in the "
					+ "order its own rules prefer them compares those rules with the model this way.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
					@ExampleObject(name = "uniform", value = OpenApiExamples.EVALUATION_UNIFORM),
					@ExampleObject(name = "epsilon-greedy", value = OpenApiExamples.EVALUATION_EPSILON_GREEDY),
					@ExampleObject(name = "first", value = OpenApiExamples.EVALUATION_FIRST),
					@ExampleObject(name = "versus your randomised rules", value = OpenApiExamples.EVALUATION_VERSUS_RULES),
					@ExampleObject(name = "your rules versus what the service earned",
							value = OpenApiExamples.EVALUATION_RULES_VERSUS_SERVICE),
					@ExampleObject(name = "one region", value = OpenApiExamples.EVALUATION_SEGMENT),
					@ExampleObject(name = "region by region", value = OpenApiExamples.EVALUATION_BY_REGION) })))
	@ApiResponse(responseCode = "200", description = "IPS, SNIPS (left out when undefined) and doubly-robust estimates with 95% intervals")
	@ApiResponse(responseCode = "400", description = "Unknown policy, model, objective or baseline, a context entry no "
			+ "decision's context could hold, fewer than two logged decisions, a log of deterministic decisions only, or "
			+ "baseline rules with fewer than two shadow decisions whose feedback gave ran.propensity, or baseline logged "
			+ "with fewer than two of the service's own (since the request's "
			+ "since, and in its context's segment, when it gave them)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401", description = "AURORA_API_KEY is set and the request has no valid bearer token",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Another evaluation is running (Retry-After: 5), another whole-model "
			+ "copy (an import, export, checkpoint, or the load of an import or snapshot) was made for 10 s (Retry-After: 2), the store could not be read, or the service is "
			+ "busy receiving bodies (Retry-After: 1)",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping(path = "/evaluations", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<EvaluationResponse> evaluate(@Valid @RequestBody EvaluationRequest request) {
		Map<String, Double> weights;
		try {
			// A null weight is as if it were left out, so objectives of nulls only, like {}, ask for the reward.
			weights = request.objectives() == null ? defaultWeights
					: request.objectives().values().stream().allMatch(Objects::isNull)
							&& Objectives.NAMES.containsAll(request.objectives().keySet()) ? Map.of()
									: Objectives.normalise(request.objectives());
		}
		catch (IllegalArgumentException ex) {
			throw InvalidRequestException.objectives(ex);
		}
		Segment segment = segment(request.context());
		if (request.by() != null && request.by().isBlank()) {
			throw new InvalidRequestException("by", "must name a context entry, such as region");
		}
		if (!running.tryAcquire()) {
			throw new BusyException("Another evaluation is running; evaluations run one at a time", 5);
		}
		try {
			String model = request.model() == null ? "squarecb" : request.model();
			Instant since = request.since();
			Evaluation e = evaluations.evaluate(request.policy(), model,
					request.epsilon() == null ? 0.1 : request.epsilon(), weights, request.limit() == null ? 10_000 : request.limit(),
					since == null ? Long.MIN_VALUE : since.toEpochMilli(), request.baseline(), segment, request.by());
			ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
			boolean modelFree = !"epsilon-greedy".equals(request.policy());
			if (modelFree && (request.model() != null || request.epsilon() != null)) {
				answer.header("Warning", "first".equals(request.policy()) ? FIRST_IGNORES : UNIFORM_IGNORES);
			}
			String unsupported = e.whyUnsupported();
			// A comparison with the rules, or the logged policy, is supported by their own decisions, whatever the
			// estimates' support.
			String own = e.versus() == null ? null : e.versus().baseline();
			boolean ownDecisions = "rules".equals(own) || "logged".equals(own);
			boolean versusUnsupported = e.versus() != null && !e.versus().supported();
			if (unsupported != null) {
				answer.header("Warning", UnknownFields.warning(unsupported + "; the intervals are [-1, 1]"
						+ (versusUnsupported && !ownDecisions ? ", the difference's [-2, 2]" : "")));
			}
			if (versusUnsupported && ownDecisions) {
				answer.header("Warning", UnknownFields.warning("rules".equals(own) ? RULES_UNSUPPORTED : LOGGED_UNSUPPORTED));
			}
			else if (versusUnsupported && unsupported == null) {
				answer.header("Warning", UnknownFields.warning("the log does not support the baseline '"
						+ e.versus().baseline() + "' (evaluate it alone to see why); the difference's interval is [-2, 2]"));
			}
			Breakdown by = e.breakdown();
			if (by != null && by.parts().stream().allMatch(part -> part.value() == null)) {
				answer.header("Warning", UnknownFields.warning("no decision read held the context entry '" + by.name()
						+ "' (as a string, number or boolean), so the breakdown has nothing to tell apart"));
			}
			return answer.body(new EvaluationResponse(request.policy(), modelFree ? null : model, weights, e.samples(), e.read(), e.effectiveSampleSize(),
					e.estimates(), e.logged(), e.deterministicExcluded(), e.incompleteExcluded(), e.meanWeight(), e.supported(), since,
					e.versus(), e.shadow(), evaluations.rewardScale(), segment.isEmpty() ? null : segment.entries(), e.breakdown()));
		}
		catch (InvalidFieldException ex) {
			throw new InvalidRequestException(ex.field(), ex.getMessage());
		}
		catch (OffPolicyEvaluator.TooLittleLoggedException ex) {
			throw new TooLittleToEvaluateException(ex.getMessage());
		}
		finally {
			running.release();
		}
	}

	/** The segment a request's {@code context} asks for; an entry no decision's context could hold is a 400 naming it. */
	private static Segment segment(@Nullable Map<String, @Nullable Object> context) {
		if (context == null) {
			return Segment.ALL;
		}
		context.forEach((name, value) -> {
			if (value instanceof String text && JsonLimits.unpaired(text)) {
				throw new InvalidRequestException("context." + name,
						"holds an unpaired surrogate, which no decision's context can (decisions refuse one)");
			}
		});
		try {
			return Segment.of(context);
		}
		catch (InvalidFieldException ex) {
			throw new InvalidRequestException(ex.field(), ex.getMessage());
		}
	}

	/**
	 * What to evaluate.
	 *
	 * @param policy {@code uniform}, {@code epsilon-greedy} or {@code first} (the first candidate each decision offered)
	 * @param model {@code squarecb} (default), {@code q-table} or {@code ucb}: what {@code epsilon-greedy} is greedy over
	 * @param epsilon the exploration rate of {@code epsilon-greedy} (default 0.1)
	 * @param objectives weights of latency, cost and reliability to measure the value in; left out, those of
	 * {@code REWARD_WEIGHTS} (which the model optimises), or the reward without it; {@code {}}, the reward
	 * @param limit how many of the newest decisions with feedback to use (default 10,000)
	 * @param since only decisions whose feedback was received at this time or later (RFC 3339), such as since the
	 * model or the caller's rules last changed
	 * @param baseline {@code uniform} or {@code first}: also compare the policy with this one on the same decisions;
	 * {@code rules}: with the caller's rules, on the shadow decisions whose feedback gave the propensity they picked with;
	 * {@code logged}: with what the service's own choices earned, on those decisions
	 * @param context only decisions whose context held every one of these entries (a segment, such as one region)
	 * @param by a context entry to break the estimates down by, such as {@code region}
	 */
	record EvaluationRequest(
			@Schema(allowableValues = { "uniform", "epsilon-greedy", "first" }) @NotBlank(message = Required.TEXT) @Size(min = 1, max = 64) String policy,
			@Schema(description = "squarecb (default), q-table or ucb; only with epsilon-greedy",
					allowableValues = { "squarecb", "q-table", "ucb" })
			@Nullable @Size(min = 1, max = 64) String model,
			@Nullable @DecimalMin("0") @DecimalMax("1") Double epsilon,
			@Schema(implementation = ObjectivesSchema.class) @Nullable @Size(max = 8) Map<String, @Nullable Double> objectives,
			@JsonDeserialize(using = WholeNumber.class) @Nullable @Min(2) @Max(Evaluations.MAX_LIMIT) Integer limit,
			@Schema(description = "Only decisions whose feedback was received at this time or later, such as since the "
					+ "model or your rules last changed (every outcome is scored on the current REWARD_* settings, whenever it was "
					+ "received)", example = "2026-12-01T00:00:00Z") @JsonDeserialize(using = RfcTime.class) @Nullable Instant since,
			@Schema(allowableValues = { "uniform", "first", "rules", "logged" }, description = "Also compare the policy "
					+ "with this one on the same decisions: the answer's versus gives the difference with a paired 95% "
					+ "interval. rules is your own scheduler's rules, compared on the shadow decisions whose feedback gave "
					+ "ran.propensity; logged is what the service's own choices earned, compared on those decisions")
			@Nullable @Size(min = 1, max = 64) String baseline,
			@Schema(description = "Score only decisions whose context held every one of these entries: a segment of "
					+ "your traffic, such as one region, among the newest limit decisions read (the models are fitted on all "
					+ "of those). region, cpu, memory_gb or mem, and latency_ms match the value the model read, defaults "
					+ "included (cpu 8 matches \"8000m\"); another entry matches an equal value, a number also a string "
					+ "holding it, true or false also that string", example = "{\"region\": \"us-west\"}")
			@Nullable @Size(max = 8) Map<String, @Nullable Object> context,
			@Schema(description = "Also break the estimates down by the values of this context entry (such as region): "
					+ "each value's samples scored as a segment of that value would be, by the same fitted models; the "
					+ "16 values with the most samples are listed", example = "region")
			@Nullable @Size(min = 1, max = Segment.MAX_NAME) @Printable String by) {
	}

}
