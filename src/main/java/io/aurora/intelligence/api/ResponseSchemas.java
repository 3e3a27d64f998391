package io.aurora.intelligence.api;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aurora.intelligence.evaluation.Breakdown;
import io.aurora.intelligence.evaluation.OffPolicyEvaluator;
import io.aurora.intelligence.evaluation.ShadowDecisions;
import io.swagger.v3.oas.models.OpenAPI;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Lists as required, in the OpenAPI document, the fields each answer always carries: every component of the
 * answer's record that is not {@code @Nullable}, and those sent as {@code null} rather than left out, so that a
 * client generated from the document types them as present.
 */
@Component
class ResponseSchemas implements OpenApiCustomizer {

	/** The answers' records whose schemas this completes; the decision's and the feedback's answers mark their own. */
	static final List<Class<? extends Record>> ANSWERS = List.of(StatusResponse.class, StatusResponse.Model.class,
			StatusResponse.Cache.class, StatusResponse.Router.class, StatusResponse.Psi.class, StatusResponse.Store.class,
			EvaluationResponse.class, OffPolicyEvaluator.Estimate.class, FeedbackResponse.Explanation.class,
			ProblemTypesController.Described.class, StatusController.Healthz.class, ShadowDecisions.class,
			ShadowDecisions.ShadowCandidate.class, Breakdown.class, Breakdown.BreakdownPart.class);

	@Override
	public void customise(OpenAPI openApi) {
		RecordSchemas.forEach(openApi, ANSWERS, (schema, component, field) -> {
			JsonProperty property = field.getAnnotation(JsonProperty.class);
			String name = property == null || property.value().isEmpty() ? component.getName() : property.value();
			boolean listed = schema.getRequired() != null && schema.getRequired().contains(name);
			if (alwaysSent(component, field) && schema.getProperties().containsKey(name) && !listed) {
				schema.addRequiredItem(name);
			}
		});
	}

	/** Whether Jackson writes the component in every answer: it is never null, or it is written when null too. */
	private static boolean alwaysSent(RecordComponent component, Field field) {
		if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
			return true;
		}
		JsonInclude include = field.getAnnotation(JsonInclude.class);
		return include != null && include.value() == JsonInclude.Include.ALWAYS;
	}

}
