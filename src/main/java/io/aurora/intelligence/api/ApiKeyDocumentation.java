package io.aurora.intelligence.api;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * When {@code AURORA_API_KEY} is set, the OpenAPI document says which operations need it, with the
 * same rule as {@link ApiKeyFilter}, so Swagger UI offers "Authorize" and sends the key on them; the
 * others say explicitly that anyone may call them, open decisions that the key is optional.
 */
@Component
class ApiKeyDocumentation implements OpenApiCustomizer {

	static final String SCHEME = "apiKey";

	private final ApiAuthProperties properties;

	ApiKeyDocumentation(ApiAuthProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (!properties.enabled() || openApi.getPaths() == null) {
			return;
		}
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
			.description("The value of AURORA_API_KEY (or, during a rotation, of AURORA_API_KEY_PREVIOUS)"));
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			if (properties.requiresKey(method.name(), path)) {
				operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
			}
			else if ("POST".equals(method.name()) && "/decisions".equals(path)) {
				// Open, but the key still matters: only a keyed decision's refusals teach the model.
				operation.setSecurity(List.of(new SecurityRequirement(), new SecurityRequirement().addList(SCHEME)));
			}
			else {
				// One empty requirement: anyone may call it (an empty list, which means the same, is not written out).
				operation.setSecurity(List.of(new SecurityRequirement()));
			}
		}));
	}

}
