package io.aurora.intelligence.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aurora.intelligence.evaluation.Segment;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Writes the limits of an evaluation's segment ({@code context} in {@code POST /evaluations}) into the OpenAPI document,
 * which swagger-core leaves out for a map: at most {@value Segment#MAX_ENTRIES} entries, names of 1 to
 * {@value Segment#MAX_NAME} characters, each a string of at most {@value Segment#MAX_TEXT}, a number or a boolean.
 */
@Component
class SegmentSchema implements OpenApiCustomizer {

	@Override
	@SuppressWarnings("rawtypes")
	public void customise(OpenAPI openApi) {
		Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
		Schema<?> request = schemas == null ? null : schemas.get(EvaluationController.EvaluationRequest.class.getSimpleName());
		Schema<?> context = request == null || request.getProperties() == null ? null : request.getProperties().get("context");
		if (context == null) {
			return;
		}
		context.setMaxProperties(Segment.MAX_ENTRIES);
		context.setPropertyNames(new Schema<>().types(Set.of("string")).minLength(1).maxLength(Segment.MAX_NAME));
		context.setAdditionalProperties(new Schema<>().oneOf(List.of(
				new Schema<>().types(Set.of("string")).maxLength(Segment.MAX_TEXT), new Schema<>().types(Set.of("number")),
				new Schema<>().types(Set.of("boolean")))));
	}

}
