package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * States in the OpenAPI document what {@code POST /feedback} checks of an outcome: at least one of its
 * four fields with a value, not {@code null}, so that a body the schema accepts is one the service takes.
 */
@Component
class OutcomeSchema implements OpenApiCustomizer {

	static final String NAME = "OutcomeBody";

	private static final Map<String, Schema<?>> FIELDS = Map.of("latency_ms", new NumberSchema(), "cost",
			new NumberSchema(), "failures", new IntegerSchema(), "slo_hit", new BooleanSchema());

	@Override
	public void customise(OpenAPI openApi) {
		Schema<?> outcome = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null ? null
				: openApi.getComponents().getSchemas().get(NAME);
		if (outcome == null) {
			return;
		}
		List<Schema> anyOf = new ArrayList<>();
		for (String field : List.of("latency_ms", "cost", "failures", "slo_hit")) {
			anyOf.add(new Schema<>().addRequiredItem(field).addProperty(field, FIELDS.get(field)));
		}
		outcome.setMinProperties(null);
		outcome.setAnyOf(anyOf);
	}

}
