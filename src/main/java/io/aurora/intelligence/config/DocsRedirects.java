package io.aurora.intelligence.config;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /docs/} leads to Swagger UI as {@code /docs} does, as the original service's did, and so does
 * {@code /swagger-ui.html}, where springdoc puts it by default and where people used to it look; springdoc's usual
 * {@code /v3/api-docs}, where Spring tooling looks first, to the document at {@code /openapi.json}. Handler methods
 * rather than view controllers, so that another method gets the service's own 405 problem, not Spring MVC's default
 * one with a WARN quoting the method; each redirect is a path, never built from the caller's Host header.
 */
@Hidden
@RestController
class DocsRedirects {

	@GetMapping({ "/docs/", "/swagger-ui.html" })
	ResponseEntity<Void> docs() {
		return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/docs")).build();
	}

	@GetMapping("/v3/api-docs")
	ResponseEntity<Void> apiDocs() {
		return ResponseEntity.status(HttpStatus.PERMANENT_REDIRECT).location(URI.create("/openapi.json")).build();
	}

}
