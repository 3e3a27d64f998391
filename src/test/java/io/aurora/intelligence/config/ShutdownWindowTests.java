package io.aurora.intelligence.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Graceful shutdown waits as long as a decision in flight may take, whatever its timeouts are set to. */
class ShutdownWindowTests {

	@Test
	void defaultsGiveThirtyTwoSecondsForAKeyedDecision() {
		assertThat(window(Map.of())).isEqualTo(Duration.ofSeconds(32));
	}

	@Test
	void raisedRouterAndStoreTimeoutsLengthenTheWindow() {
		assertThat(window(Map.of("aurora.router.timeout-ms", "15000"))).isEqualTo(Duration.ofSeconds(46));
		assertThat(window(Map.of("aurora.router.timeout-ms", "15000", "aurora.store.timeout-ms", "20000")))
			.isEqualTo(Duration.ofSeconds(136));
	}

	@Test
	void shortTimeoutsKeepTheTenSecondFloor() {
		assertThat(window(Map.of("aurora.router.timeout-ms", "100", "aurora.store.timeout-ms", "100")))
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void anExplicitWindowWinsAndAnUnusableTimeoutFallsBackToItsDefault() {
		assertThat(window(Map.of("spring.lifecycle.timeout-per-shutdown-phase", "30s", "aurora.router.timeout-ms", "9000")))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(window(Map.of("aurora.router.timeout-ms", "soon"))).isEqualTo(Duration.ofSeconds(32));
	}

	@Test
	void springBootRunsItAtStart() {
		// Boot's own processors need constructor arguments this loader does not give: they are skipped.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {
			})))
			.anyMatch(ShutdownWindow.class::isInstance);
	}

	private static Duration window(Map<String, Object> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
		new ShutdownWindow().postProcessEnvironment(environment, new SpringApplication());
		return Binder.get(environment).bind(ShutdownWindow.PROPERTY, Duration.class).get();
	}

}
