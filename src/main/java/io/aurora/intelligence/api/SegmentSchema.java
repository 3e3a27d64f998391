package io.aurora.intelligence.api;

import java.util.List;
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
	public void customise(OpenAPI openApi) {
		RecordSchemas.forEach(openApi, List.of(EvaluationController.EvaluationRequest.class), (schema, component, field) -> {
			Schema<?> context = "context".equals(component.getName()) ? schema.getProperties().get("context") : null;
			if (context == null) {
				return;
			}
			context.setMaxProperties(Segment.MAX_ENTRIES);
			context.setPropertyNames(new Schema<>().types(Set.of("string")).minLength(1).maxLength(Segment.MAX_NAME));
			context.setAdditionalProperties(new Schema<>().oneOf(List.of(
					new Schema<>().types(Set.of("string")).maxLength(Segment.MAX_TEXT), new Schema<>().types(Set.of("number")),
					new Schema<>().types(Set.of("boolean")))));
		});
	}

}
