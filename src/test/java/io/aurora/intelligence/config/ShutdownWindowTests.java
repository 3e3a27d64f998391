package io.aurora.intelligence.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Graceful shutdown waits as long as a decision in flight may take, whatever its timeouts are set to. */
@ExtendWith(OutputCaptureExtension.class)
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
	void aStopsBudgetIsTheDrainTheWindowAndTheFortySecondsAfter() {
		assertThat(ShutdownWindow.stopBudgetMs(processed(Map.of()))).as("the defaults: 2 + 32 + 40 s").isEqualTo(74_000);
		assertThat(ShutdownWindow.stopBudgetMs(processed(Map.of("aurora.store.timeout-ms", "15000"))))
			.as("the review's case: past the 85 s the manifests leave").isEqualTo(2_000 + 92_000 + 40_000);
		assertThat(ShutdownWindow.stopBudgetMs(processed(Map.of("spring.lifecycle.timeout-per-shutdown-phase", "20s",
				"aurora.serving.drain-ms", "0")))).isEqualTo(60_000);
	}

	@Test
	void aBudgetPastTheManifestsGracePeriodIsWarnedOfAtStart(CapturedOutput output) {
		new KeepAliveDrain(new ServingProperties(2_000, 1_000), processed(Map.of("aurora.store.timeout-ms", "15000")));
		assertThat(output).contains("A stop may take up to 134 s with these settings", "raise the grace period above 139 s");
		new KeepAliveDrain(new ServingProperties(2_000, 1_000), processed(Map.of()));
		assertThat(output).containsOnlyOnce("A stop may take up to");
	}

	@Test
	void springBootRunsItAtStart() {
		// Boot's own processors need constructor arguments this loader does not give: they are skipped.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {
			})))
			.anyMatch(ShutdownWindow.class::isInstance);
	}

	private static StandardEnvironment processed(Map<String, Object> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
		new ShutdownWindow().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	private static Duration window(Map<String, Object> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
		new ShutdownWindow().postProcessEnvironment(environment, new SpringApplication());
		return Binder.get(environment).bind(ShutdownWindow.PROPERTY, Duration.class).get();
	}

}
