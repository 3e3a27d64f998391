package io.aurora.intelligence.api;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.DecimalMin;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Writes a request field's {@code @DecimalMin(inclusive = false)} as the exclusive minimum it is, in the OpenAPI 3.1
 * document, where springdoc writes it as an inclusive {@code minimum}: a client generated from the document would
 * otherwise send the bound itself and be refused.
 */
@Component
class ExclusiveMinimums implements OpenApiCustomizer {

	/** The requests' records whose fields may carry such a bound. */
	static final List<Class<? extends Record>> REQUESTS = List.of(FeedbackRequest.Ran.class);

	@Override
	@SuppressWarnings("rawtypes")
	public void customise(OpenAPI openApi) {
		Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
		if (schemas == null) {
			return;
		}
		for (Class<? extends Record> request : REQUESTS) {
			Schema<?> schema = schemas.get(request.getSimpleName());
			if (schema == null || schema.getProperties() == null) {
				continue;
			}
			for (RecordComponent component : request.getRecordComponents()) {
				DecimalMin min = field(request, component);
				Schema<?> property = schema.getProperties().get(component.getName());
				if (min != null && !min.inclusive() && property != null) {
					property.setMinimum(null);
					property.setExclusiveMinimumValue(new BigDecimal(min.value()));
				}
			}
		}
	}

	private static @Nullable DecimalMin field(Class<?> request, RecordComponent component) {
		try {
			return request.getDeclaredField(component.getName()).getAnnotation(DecimalMin.class);
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException("A record without its component's field: " + component, ex);
		}
	}

}
