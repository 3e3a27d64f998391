package io.aurora.intelligence.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

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
			.license(new License().name("VaultMesh").identifier("LicenseRef-VaultMesh")))
			// A path rather than springdoc's URL built from the request's Host header, which the caller chooses.
			.servers(List.of(new Server().url("/").description("This service")))
			.paths(new Paths().addPathItem("/metrics", metrics())
				.addPathItem("/health", health("health", "Overall health over every check (liveness, readiness, the store, the disk), "
						+ "with its two probe groups named", true))
				.addPathItem("/health/liveness", health("liveness", "Kubernetes' liveness probe: whether the process serves requests",
						false))
				.addPathItem("/health/readiness", health("readiness", "Kubernetes' readiness probe: whether the store's writes commit",
						false))
				.addPathItem("/info", new PathItem().get(new Operation().operationId("info")
					.summary("Spring Boot's application information (empty unless configured)")
					.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("The information")
						.content(new Content().addMediaType("application/vnd.spring-boot.actuator.v3+json", new MediaType()
							.schema(new ObjectSchema())).addMediaType("application/json", new MediaType().schema(new ObjectSchema()))))))));
	}

	/**
	 * A health endpoint Actuator serves, which springdoc would not otherwise document: JSON whatever the Accept
	 * header asks, 200 while UP and 503 otherwise, with the probe groups under {@code /health}.
	 */
	private static PathItem health(String id, String summary, boolean groups) {
		ObjectSchema status = new ObjectSchema();
		status.addProperty("status", new StringSchema()._enum(List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN")));
		status.setRequired(List.of("status"));
		if (groups) {
			status.addProperty("groups", new ArraySchema().items(new StringSchema()).example(List.of("liveness", "readiness")));
		}
		Content json = new Content().addMediaType("application/json", new MediaType().schema(status));
		return new PathItem().get(new Operation().operationId(id).summary(summary)
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("UP").content(json))
				.addApiResponse("503", new ApiResponse().description("Not UP (DOWN or OUT_OF_SERVICE)").content(json))));
	}

	/**
	 * What every operation may answer besides the statuses it lists: what the server or Tomcat refuses before the
	 * operation (405, 414, 431, 501, 505, a 400 for a malformed path) and a 500.
	 */
	static final String OTHER_ERRORS = "Another error, as an RFC 9457 problem: a method the path does not take (405, "
			+ "with Allow), a request Tomcat refuses (a malformed path or header, 414, 431, 501, 505), or a failure of the "
			+ "service (500); GET /problems lists the service's problem types";

	/** The RFC 9457 problem every error answer carries. */
	static final String PROBLEM = "Problem";

	/**
	 * What the body filter may answer to any request with a body, and content negotiation to any that
	 * answers JSON, documented on each such operation that does not describe them itself.
	 */
	static final Map<String, String> BODY_ANSWERS = bodyAnswers();

	private static Map<String, String> bodyAnswers() {
		Map<String, String> answers = new LinkedHashMap<>();
		answers.put("406", "The Accept header does not allow application/json");
		answers.put("408", "The body did not arrive within 30 s (5 minutes for PUT /model), or broke off");
		answers.put("413", "The body exceeds 1 MiB");
		answers.put("415", "Not application/json (a body without Content-Type is taken as JSON, except from a browser), "
				+ "or a Content-Encoding");
		answers.put("503", "The bodies being received already hold the service's budget; retry after Retry-After");
		return Collections.unmodifiableMap(answers);
	}

	/**
	 * Gives every {@code application/problem+json} answer the RFC 9457 problem's schema, with the
	 * field errors the service adds, so that clients generated from the document are typed, and every
	 * answer its {@link AnswerHeaders}; a 204 has no body, whatever the handler's return type suggests.
	 */
	@Bean
	OpenApiCustomizer problemSchemas() {
		return openApi -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas(PROBLEM, problem());
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((route, path) -> path.readOperations().forEach(operation -> {
				if (operation.getResponses() != null) {
					boolean answersJson = operation.getResponses().entrySet().stream()
						.anyMatch(answer -> answer.getKey().startsWith("2") && !"204".equals(answer.getKey())
								&& answer.getValue().getContent() != null
								&& answer.getValue().getContent().get("application/json") != null);
					BODY_ANSWERS.forEach((code, description) -> {
						// Every operation that answers JSON checks the Accept header (PUT /model answers 204), but for
						// the health check, which answers JSON whatever it asks; the other answers concern a body.
						boolean applies = "406".equals(code) ? answersJson && FixedRepresentations.representation(route) == null
								: operation.getRequestBody() != null;
						if (operation.getResponses().get(code) == null && applies) {
							operation.getResponses().addApiResponse(code, new ApiResponse().description(description)
								.content(new Content().addMediaType("application/problem+json", new MediaType())));
						}
					});
					if (operation.getResponses().getDefault() == null) {
						operation.getResponses().setDefault(new ApiResponse().description(OTHER_ERRORS)
							.content(new Content().addMediaType("application/problem+json", new MediaType())));
					}
				}
				if (operation.getResponses() != null) {
					if (operation.getResponses().get("204") != null) {
						operation.getResponses().get("204").setContent(null);
					}
					operation.getResponses().forEach((code, response) -> {
						// PUT /model stores its document as it came: no field of it is unknown.
						AnswerHeaders.add(code, response, operation.getRequestBody() != null && !"/model".equals(route));
						if (response.getContent() != null && response.getContent().get("application/problem+json") != null
								&& response.getContent().get("application/problem+json").getSchema() == null) {
							response.getContent().get("application/problem+json")
								.setSchema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
						}
					});
				}
			}));
		};
	}

	/**
	 * {@code GET /metrics}, which the seed's API names: Actuator serves it, so springdoc would not otherwise
	 * document it. It is part of the document the customizers start from, so that each sees it.
	 */
	private static PathItem metrics() {
		Content text = new Content().addMediaType("text/plain;version=0.0.4;charset=utf-8",
				new MediaType().schema(new StringSchema()));
		Parameter included = new Parameter().in("query").name("includedNames")
			.description("Only these metric families, comma-separated: by the family's name (aurora_intelligence_decisions) "
					+ "or a name its samples show (aurora_intelligence_decisions_total, …_seconds_bucket)")
			.schema(new StringSchema().example("aurora_intelligence_decisions,aurora_intelligence_feedback"));
		return new PathItem().get(new Operation().operationId("metrics")
			.summary("Prometheus metrics, in Prometheus's text format 0.0.4 whatever the Accept header asks")
			.addParametersItem(included)
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("The metrics").content(text))
				.addApiResponse("400", new ApiResponse().description("A malformed query string")
					.content(new Content().addMediaType("application/problem+json", new MediaType())))
				.addApiResponse("503", new ApiResponse().description("A scrape filtered with includedNames while another is made")
					.content(new Content().addMediaType("application/problem+json", new MediaType())))));
	}

	private static Schema<?> problem() {
		Schema<?> error = new ObjectSchema().addProperty("field", new StringSchema().description("JSON path, e.g. candidates[0].sku"))
			.addProperty("message", new StringSchema());
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri-reference").description("A URI: /problems/<name> for the service's own problems (GET /problems "
					+ "describes each), about:blank for plain HTTP ones, whose title is the status's reason phrase"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema())
			.addProperty("errors", new ArraySchema().items(error)
				.description("Field errors of a 400, at most 20"))
			.addProperty("error_count", new IntegerSchema().description("How many field errors there were, when over 20"))
			.addProperty("more_errors", new BooleanSchema().description("True when a 400 lists the first 20 fields of the wrong type "
					+ "and there are more (they are not counted)"))
			.addProperty("constraints", new ObjectSchema().additionalProperties(new IntegerSchema())
				.description("A 422's count of the candidates each constraint excluded"))
			.addProperty("router", new ObjectSchema().description("A never-answered 409's: what the router last answered for the "
					+ "first request, when the replica that failed it answers")
				.addProperty("provider", new StringSchema()).addProperty("sku", new StringSchema())
				.addProperty("result", new StringSchema()).addProperty("placed", new BooleanSchema()))
			.addProperty("undeclared", new ObjectSchema().additionalProperties(new IntegerSchema())
				.description("A 422's count, per constraint, of the candidates it excluded for declaring no metadata field it reads "
						+ "(price_usd_per_hour for max_price, region for regions)"))
			.addProperty("unknown_fields", new ArraySchema().items(new StringSchema())
				.description("A 400's fields of the body that were ignored, by JSON path (a misspelling is the usual cause)"))
			.addProperty("recorded", new ObjectSchema().description("A feedback 409's (or a 410's, when the trace had feedback) feedback recorded first")
				.addProperty("outcome", new ObjectSchema())
				.addProperty("reward", new NumberSchema())
				.addProperty("received_at", new StringSchema().format("date-time"))
				.addProperty("ran", new ObjectSchema().description("Where the task ran, as that feedback named it (shadow mode)")
					.addProperty("provider", new StringSchema()).addProperty("sku", new StringSchema())
					.addProperty("propensity", new NumberSchema())))
			.addProperty("same_outcome", new BooleanSchema()
				.description("A feedback 409's or 410's, with recorded: whether this request's outcome is the one recorded (a retry) or another"));
	}

}
