package io.aurora.intelligence.executor;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RouterPropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "none", "NONE", "None" })
	void noneInAnyCaseMeansNoRouterAndIsUsable(String url) {
		RouterProperties properties = properties(url);
		assertThat(properties.routerless()).isTrue();
		assertThat(properties.isUrlUsable()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://aurora-router:8080", "http://none:8080", "nonexistent" })
	void anythingElseIsARouterUrlAndMustBeUsable(String url) {
		RouterProperties properties = properties(url);
		assertThat(properties.routerless()).isFalse();
		assertThat(properties.isUrlUsable()).isEqualTo(url.startsWith("http://"));
	}

	private static RouterProperties properties(String url) {
		return new RouterProperties(URI.create(url), 1000, 30, 3, 3);
	}

}
