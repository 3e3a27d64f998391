package io.aurora.intelligence.api;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What {@code objectives} may hold, for the OpenAPI document only: the request reads a map, which the document
 * would otherwise show as any names with any numbers, so that a body the schema accepts got a 400.
 *
 * @param latency the weight of low latency
 * @param cost the weight of low cost
 * @param reliability the weight of meeting the SLO without failures
 */
@Schema(name = "Objectives", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
		description = "Weights of latency, cost and reliability: non-negative, at least one positive, normalised to sum to 1")
record ObjectivesSchema(@Schema(minimum = "0") @Nullable Double latency, @Schema(minimum = "0") @Nullable Double cost,
		@Schema(minimum = "0") @Nullable Double reliability) {
}
