package io.aurora.intelligence.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the API for the OpenAPI document at {@code /openapi.json} and Swagger UI at {@code /docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI auroraOpenApi() {
		return new OpenAPI().info(new Info().title("Aurora Intelligence")
			.version("0.1.0")
			.description("Decision service that routes compute work across providers and learns from feedback: "
					+ "POST /decisions, then POST /feedback with the trace_id it answered.")
			.license(new License().name("VaultMesh")));
	}

}
