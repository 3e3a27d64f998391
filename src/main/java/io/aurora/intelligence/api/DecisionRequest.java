package io.aurora.intelligence.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /decisions}: a task, its context and the candidates to choose among.
 *
 * @param taskId the caller's id for the task
 * @param context free-form attributes; {@code region}, {@code cpu}, {@code memory_gb} (or
 * {@code mem}) and {@code latency_ms} shape the state
 * @param candidates one to 256 distinct provider/SKU pairs
 * @param objectives optional weights of {@code latency}, {@code cost} and {@code reliability}
 * (non-negative, normalised); absent: the configured default or the seed's scalar reward
 * @param constraints optional hard constraints on the candidates' metadata
 * @param shadow true when the caller's own scheduler places the task (shadow mode): the service answers without
 * asking the router, and the decision counts as the caller's rules', not the service's; false is kept as absent
 */
record DecisionRequest(@JsonProperty("task_id") @Schema(pattern = "\\S") @NotBlank(message = Required.TEXT) @Size(min = 1, max = 256) @Printable String taskId,
		@Schema(description = "Free-form attributes of the task, at most 64 keys. These shape the state: region (a string, "
				+ "default global), cpu (cores, or millicores as \"500m\"; default 4), memory_gb or mem (GiB, or a quantity such "
				+ "as \"32Gi\"; default 16) and latency_ms (the latency budget; default 100). Numbers may come as strings "
				+ "holding one. Every key is kept in the trace.", example = "{\"cpu\": 8, \"memory_gb\": 32, "
						+ "\"latency_ms\": 60, \"region\": \"us-west\"}")
		@Nullable @Size(max = 64, message = "must have at most {max} keys") Map<String, @Nullable Object> context,
		@NotNull(message = Required.FIELD) @Size(min = 1, max = MAX_CANDIDATES, message = "must hold from {min} to {max} candidates") List<@NotNull @Valid Candidate> candidates,
		@Schema(implementation = ObjectivesSchema.class) @Nullable @Size(max = 8) Map<String, @Nullable Double> objectives, @Nullable @Valid Constraints constraints,
		@Schema(description = "true when your own scheduler places this task (shadow mode): the service answers without "
				+ "asking the router (router_result none), and the task's feedback says where it ran (ran; left out, the "
				+ "answer's candidate). Such decisions teach the model but are your rules', not the service's, so "
				+ "evaluations report them apart (shadow)") @Nullable Boolean shadow) {

	/** The most candidates one decision may offer. */
	static final int MAX_CANDIDATES = 256;

	DecisionRequest {
		candidates = JsonLimits.boundedForValidation(candidates, MAX_CANDIDATES);
		shadow = Boolean.TRUE.equals(shadow) ? Boolean.TRUE : null;
	}

	/** Whether the caller's own scheduler places the task. */
	boolean shadowed() {
		return shadow != null;
	}

}
