package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.SplittableRandom;

import io.aurora.intelligence.psi.PsiCache;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class StrategistTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Telemetry telemetry = new Telemetry(registry,
			new DefaultListableBeanFactory().getBeanProvider(PrometheusRegistry.class));

	@Test
	void theForgottenCounterNeverGoesDownWhenTheModelIsReplaced() {
		LearningProperties properties = new LearningProperties(LearningProperties.PolicyName.Q_TABLE, 0.1, 0.5, 0, 1, 0, 0,
				0.1, 10, 2000, 0.995, null, 256, 2);
		Strategist strategist = new Strategist(properties, mock(PsiCache.class), new SplittableRandom(1), telemetry);
		List<Action> both = List.of(AKASH, VAST);
		for (int i = 0; i < 5; i++) {
			strategist.observe(transition(features("s" + i), AKASH, 1.0, both));
		}
		strategist.refit();
		assertThat(strategist.stats().forgotten()).isEqualTo(3);
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		assertThat(forgottenCounter()).as("Micrometer holds the counter's owner weakly: it must be the Strategist").isEqualTo(3);

		strategist.install(strategist.prepare(properties.createPolicy().exportState()));
		assertThat(strategist.stats().forgotten()).as("/status counts for the model in use").isZero();
		assertThat(forgottenCounter()).as("Prometheus sees no reset").isEqualTo(3);

		for (int i = 0; i < 3; i++) {
			strategist.observe(transition(features("t" + i), AKASH, 1.0, both));
		}
		assertThat(forgottenCounter()).isEqualTo(4);
	}

	private double forgottenCounter() {
		return registry.get(MetricNames.MODEL_FORGOTTEN).functionCounter().count();
	}

}
