package io.aurora.intelligence.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aurora.intelligence.strategist.Action;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code POST /feedback}: the outcome of a traced decision.
 *
 * @param traceId the {@code trace_id} the decision answered
 * @param outcome what was observed
 * @param ran the candidate the task ran on when the caller's own scheduler chose it rather than the service (shadow
 *        mode); left out when it ran where the service placed it
 */
record FeedbackRequest(@JsonProperty("trace_id") @Schema(description = "The trace_id a POST /decisions answered: "
		+ "replace the example's with one, or the answer is 404") @NotBlank(message = Required.TEXT) @Size(min = 1, max = 128) @Printable String traceId,
		@NotNull(message = Required.FIELD) @Valid OutcomeBody outcome,
		@Schema(description = "Only when your own scheduler chose where the task ran (shadow mode, or your rules overrode "
				+ "the service): the candidate it ran on, one of the decision's. The model learns the outcome as that "
				+ "candidate's, and evaluations count the decision as your rules', not the service's. Leave it out when "
				+ "the task ran where the service placed it or said to") @Nullable @Valid Ran ran) {

	/**
	 * The candidate a task ran on, named as the decision's candidates name it.
	 *
	 * @param provider the candidate's provider
	 * @param sku the candidate's sku
	 * @param propensity the probability the caller's rules chose it with among the decision's candidates, when they
	 *        choose at random; null when they do not, or it is not known
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Ran(@Schema(pattern = Trimmed.PATTERN) @NotBlank(message = Required.TEXT) @Size(min = 1, max = Action.MAX_NAME) @Printable @Trimmed String provider,
			@Schema(pattern = Trimmed.PATTERN) @NotBlank(message = Required.TEXT) @Size(min = 1, max = Action.MAX_NAME) @Printable @Trimmed String sku,
			@Schema(maximum = "1", description = "Only for a shadow decision whose candidate "
					+ "your rules pick at random (weighted round robin, say): the probability they picked this one with, "
					+ "among the decision's candidates. Evaluations then weight the decision by it and estimate policies "
					+ "on it, as on the service's own decisions") @Nullable @DecimalMin(value = "0", inclusive = false)
			@DecimalMax("1") Double propensity) {

		/** A candidate named without a propensity. */
		Ran(String provider, String sku) {
			this(provider, sku, null);
		}

	}

	/**
	 * The observed outcome; at least one field is required, numbers are non-negative and bounded.
	 *
	 * @param latencyMs observed latency in milliseconds, at most 365 days: the longest {@code FEEDBACK_WINDOW_S}, within which
	 * any job reported must have run
	 * @param cost observed cost
	 * @param failures failed attempts
	 * @param sloHit whether the SLO was met
	 */
	@Schema(minProperties = 1, description = "At least one of latency_ms, cost, failures, slo_hit, with a value: a null is as if "
			+ "the field were left out, so an outcome of nulls alone is refused (400)")
	record OutcomeBody(@JsonProperty("latency_ms") @Schema(minimum = "0", maximum = "31536000000") @Nullable @DecimalMin("0")
			@DecimalMax("31536000000") Double latencyMs,
			@Schema(minimum = "0", maximum = "1000000000") @Nullable @DecimalMin("0") @DecimalMax("1000000000") Double cost,
			@Schema(minimum = "0", maximum = "1000000") @JsonDeserialize(using = WholeNumber.class) @Nullable @PositiveOrZero @Max(1_000_000) Integer failures,
			@JsonProperty("slo_hit") @Nullable Boolean sloHit) {

		@JsonIgnore
		@Schema(hidden = true)
		@AssertTrue(message = "must have at least one of latency_ms, cost, failures, slo_hit")
		boolean isAnyFieldPresent() {
			return latencyMs != null || cost != null || failures != null || sloHit != null;
		}

	}

}
