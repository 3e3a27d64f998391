package io.aurora.intelligence.api;

import java.math.BigDecimal;
import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.DecimalMin;
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
	public void customise(OpenAPI openApi) {
		RecordSchemas.forEach(openApi, REQUESTS, (schema, component, field) -> {
			DecimalMin min = field.getAnnotation(DecimalMin.class);
			Schema<?> property = schema.getProperties().get(component.getName());
			if (min != null && !min.inclusive() && property != null) {
				property.setMinimum(null);
				property.setExclusiveMinimumValue(new BigDecimal(min.value()));
			}
		});
	}

}
