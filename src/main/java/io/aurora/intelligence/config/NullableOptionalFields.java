package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Types every optional field of the OpenAPI document's request bodies, and of the schemas they hold, as
 * nullable: the service takes {@code null} for each, meaning the same as leaving it out.
 */
@Component
class NullableOptionalFields implements OpenApiCustomizer {

	private static final String COMPONENTS = "#/components/schemas/";

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		Map<String, Schema> schemas = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
				? Map.of() : openApi.getComponents().getSchemas();
		Set<String> visited = new HashSet<>();
		openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
			if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
				for (MediaType media : operation.getRequestBody().getContent().values()) {
					allowNulls(media.getSchema(), schemas, visited);
				}
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

	@SuppressWarnings("unchecked")
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
		if (property.getEnum() != null && !property.getEnum().contains(null)) {
			// An enum lists every value the field takes, null too, or a validator refuses the null the type allows.
			List<Object> values = new ArrayList<>(property.getEnum());
			values.add(null);
			((Schema<Object>) property).setEnum(values);
		}
		return property;
	}

}
