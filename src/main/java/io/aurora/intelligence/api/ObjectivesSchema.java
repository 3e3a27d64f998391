package io.aurora.intelligence.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What {@code objectives} may hold, for the OpenAPI document only: the request reads a map, which the document
 * would otherwise show as any names with any numbers, so that a body the schema accepts got a 400. Each is
 * optional, and a null is as if it were left out.
 *
 * @param latency the weight of low latency
 * @param cost the weight of low cost
 * @param reliability the weight of meeting the SLO without failures
 */
@Schema(name = "Objectives", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
		description = "Weights of latency, cost and reliability: non-negative, at least one positive, normalised to sum to 1 "
				+ "(in POST /evaluations, {} asks for the reward instead)")
record ObjectivesSchema(@Schema(minimum = "0") Double latency, @Schema(minimum = "0") Double cost,
		@Schema(minimum = "0") Double reliability) {
}
