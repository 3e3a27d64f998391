package io.aurora.intelligence.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aurora.intelligence.strategist.Action;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A provider/SKU the task could be placed on, with whatever metadata the caller attaches (price,
 * region, …); the chosen one is echoed back as given. Its names have no space at either end.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Candidate(@Schema(pattern = Trimmed.PATTERN) @NotBlank(message = Required.TEXT) @Size(min = 1, max = Action.MAX_NAME) @Printable @Trimmed String provider,
		@Schema(pattern = Trimmed.PATTERN) @NotBlank(message = Required.TEXT) @Size(min = 1, max = Action.MAX_NAME) @Printable @Trimmed String sku,
		@Schema(description = "Free-form facts about the candidate, at most 64 keys, passed to the router as they came. "
				+ "constraints read region (a string) and price_usd_per_hour (a number); others are the caller's own.",
				example = "{\"region\": \"eu-west\", \"price_usd_per_hour\": 0.6}")
		@Nullable @Size(max = 64, message = "must have at most {max} keys") Map<String, @Nullable Object> metadata) {
}
