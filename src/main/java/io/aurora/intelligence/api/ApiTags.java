package io.aurora.intelligence.api;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * The groups of operations in the OpenAPI document and Swagger UI, in the order a new user meets them: without
 * them Swagger UI listed springdoc's {@code default} and {@code model-controller} first, and the decisions fifth.
 */
@Component
class ApiTags implements OpenApiCustomizer {

	static final String DECISIONS = "Decisions";

	static final String FEEDBACK = "Feedback";

	static final String EVALUATIONS = "Evaluations";

	static final String MODEL = "Model";

	static final String OPERATIONS = "Operations";

	static final String PROBLEMS = "Problems";

	@Override
	public void customise(OpenAPI openApi) {
		openApi.setTags(List.of(new Tag().name(DECISIONS).description("Ask which candidate to place a task on"),
				new Tag().name(FEEDBACK).description("Report a placed task's outcome, which the model learns from"),
				new Tag().name(EVALUATIONS).description("Estimate offline how another policy would have done"),
				new Tag().name(MODEL).description("Export and import the learned model (admin)"),
				new Tag().name(OPERATIONS).description("Status, health and Prometheus metrics"),
				new Tag().name(PROBLEMS).description("The problem types error answers carry")));
		if (openApi.getPaths() != null) {
			// The operations no controller declares (Actuator's /metrics, /health/**, /info) have no tag of springdoc's.
			openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
				if (operation.getTags() == null || operation.getTags().isEmpty()) {
					operation.setTags(List.of(OPERATIONS));
				}
			}));
		}
	}

}
