package io.aurora.intelligence.config;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Says in the OpenAPI document what the service accepts and answers beyond the records' types: an
 * optional request field may be {@code null} (it means the same as leaving it out), every 401 carries
 * the bearer challenge and every 503 {@code Retry-After}, and an answer to a request body may carry a
 * {@code Warning} naming unknown fields.
 */
@Component
class OpenApiRefinements implements OpenApiCustomizer {

	private static final String COMPONENTS = "#/components/schemas/";

	static final Header RETRY_AFTER = new Header().description("Seconds to wait before retrying")
		.schema(new IntegerSchema().minimum(BigDecimal.ONE));

	private static final Header WARNING = new Header()
		.description("Unknown request fields that were ignored; on an evaluation also settings its policy does not use, or a "
				+ "log that does not cover the policy (RFC 7234 299)")
		.schema(new StringSchema().example("299 aurora-intelligence \"unknown fields ignored: constraints.region\""));

	private static final Header CHALLENGE = new Header().description("The bearer challenge")
		.schema(new StringSchema().example("Bearer realm=\"aurora-intelligence\""));

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		Map<String, Schema> schemas = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
				? Map.of() : openApi.getComponents().getSchemas();
		Set<String> visited = new HashSet<>();
		openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
			boolean hasBody = operation.getRequestBody() != null && operation.getRequestBody().getContent() != null;
			if (hasBody) {
				for (MediaType media : operation.getRequestBody().getContent().values()) {
					allowNulls(media.getSchema(), schemas, visited);
				}
			}
			if (operation.getResponses() != null) {
				operation.getResponses().forEach((code, response) -> {
					if ("401".equals(code)) {
						response.addHeaderObject("WWW-Authenticate", CHALLENGE);
					}
					else if ("503".equals(code)) {
						response.addHeaderObject("Retry-After", RETRY_AFTER);
					}
					else if (hasBody && code.startsWith("2") && !"204".equals(code)) {
						response.addHeaderObject("Warning", WARNING);
					}
				});
			}
		}));
	}

	/** Types every optional property of the schema, and of the schemas it holds, as nullable. */
	private static void allowNulls(@Nullable Schema<?> schema, Map<String, Schema> schemas, Set<String> visited) {
		if (schema == null) {
			return;
		}
		if (schema.get$ref() != null) {
			String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
			if (schema.get$ref().startsWith(COMPONENTS) && visited.add(name)) {
				allowNulls(schemas.get(name), schemas, visited);
			}
			return;
		}
		allowNulls(schema.getItems(), schemas, visited);
		if (schema.getAdditionalProperties() instanceof Schema<?> values) {
			allowNulls(values, schemas, visited);
		}
		if (schema.getProperties() == null) {
			return;
		}
		List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
		schema.getProperties().replaceAll((name, property) -> {
			allowNulls(property, schemas, visited);
			return required.contains(name) ? property : nullable(property);
		});
	}

	private static Schema nullable(Schema<?> property) {
		if (property.get$ref() != null) {
			return new Schema<>().anyOf(List.of(property, new Schema<>().types(Set.of("null"))));
		}
		Set<String> types = new LinkedHashSet<>();
		if (property.getTypes() != null) {
			types.addAll(property.getTypes());
		}
		else if (property.getType() != null) {
			types.add(property.getType());
		}
		if (!types.isEmpty()) {
			types.add("null");
			property.setTypes(types);
		}
		return property;
	}

}
