package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.aurora.intelligence.psi.PsiCache;
import io.aurora.intelligence.psi.PsiReading;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.IONET;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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

	@Test
	void aDecisionThatOverlapsAPublicationIsMadeAgainFromOneModel() throws Exception {
		Strategist strategist = new Strategist(properties(), neutralPsi(), new SplittableRandom(1), telemetry);
		VersionedPolicy model = new VersionedPolicy();
		strategist.install(model);
		model.duringFirstChoice = () -> {
			strategist.observe(transition(features("s"), AKASH, 1.0, List.of(AKASH, VAST)));
			Thread refit = new Thread(strategist::refit);
			refit.start();
			join(refit);
		};

		Decision decision = strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of());

		assertThat(model.choicesSeen).as("the first choice read model 0 and a refit published model 1 meanwhile")
			.containsExactly(0, 1);
		assertThat(decision.choice().qValue()).isEqualTo(1);
		assertThat(decision.value(0)).as("estimates come from the model the choice read").isEqualTo(1);
		assertThat(decision.value(1)).isEqualTo(1);
	}

	@Test
	void aDecisionWithoutAnOverlappingPublicationIsMadeOnce() {
		Strategist strategist = new Strategist(properties(), neutralPsi(), new SplittableRandom(1), telemetry);
		VersionedPolicy model = new VersionedPolicy();
		strategist.install(model);
		model.duringFirstChoice = () -> strategist.observe(transition(features("s"), AKASH, 1.0, List.of(AKASH, VAST)));

		Decision decision = strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of());

		assertThat(model.choicesSeen).as("an observation is not published until the refit").containsExactly(0);
		assertThat(decision.value(1)).isZero();
	}

	@Test
	void theRiskScreenAndTheChoiceReadOneModel() {
		VersionedPolicy model = new VersionedPolicy();
		Strategist strategist = publishingDuringTheFirstRiskRead(model);

		Strategist.Screened screened = strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of(),
				risks -> risks.get(0).get("latency_ms").observations() == 0 ? List.of(0) : List.of(1));

		assertThat(model.risksSeen).as("the first screen read model 0 and model 1 was published meanwhile")
			.containsExactly(0, 1);
		assertThat(screened.kept()).as("the screen of model 1").containsExactly(1);
		assertThat(screened.decision().choice().action()).isEqualTo(VAST);
		assertThat(screened.decision().choice().qValue()).as("the choice read model 1 too").isEqualTo(1);
	}

	@Test
	@Timeout(30)
	void aDecisionOverlappedByAPublicationEveryTimeIsMadeWithPublicationsHeldOffAndEnds() {
		VersionedPolicy model = new VersionedPolicy();
		Strategist strategist = new Strategist(properties(), neutralPsi(), new SplittableRandom(1), telemetry);
		strategist.install(model);
		model.duringEveryRiskRead = () -> {
			strategist.observe(transition(features("s"), AKASH, 1.0, List.of(AKASH, VAST)));
			strategist.refit();
		};

		Strategist.Screened screened = strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of(), risks -> List.of(0, 1));

		assertThat(model.risksSeen).as("four overlapped reads, then one that no other thread could overlap")
			.containsExactly(0, 1, 2, 3, 4);
		assertThat(screened.kept()).containsExactly(0, 1);
	}

	@Test
	void aRefusalThatOverlapsAPublicationIsMadeAgainFromOneModel() {
		VersionedPolicy model = new VersionedPolicy();
		Strategist strategist = publishingDuringTheFirstRiskRead(model);

		Strategist.Screened screened = strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of(), risks -> {
			if (risks.get(0).get("latency_ms").observations() == 0) {
				throw new IllegalStateException("refused on a torn read of model 0 and model 1");
			}
			return List.of(0);
		});

		assertThat(model.risksSeen).containsExactly(0, 1);
		assertThat(screened.kept()).as("the screen of model 1 kept akash").containsExactly(0);
	}

	@Test
	void aContextThatCannotBeFeaturisedIsRefusedWithoutReadingTheCache() {
		PsiCache psi = neutralPsi();
		Strategist strategist = new Strategist(properties(), psi, new SplittableRandom(1), telemetry);

		assertThatThrownBy(() -> strategist.decide(Map.of("cpu", -5), List.of(AKASH, VAST), Map.of()))
			.isInstanceOf(InvalidContextException.class);
		verify(psi, never()).peek();
		verify(psi, never()).countDecision(any());
	}

	@Test
	void theCacheCountsAReadingOnlyForADecisionMade() {
		PsiCache psi = neutralPsi();
		Strategist strategist = new Strategist(properties(), psi, new SplittableRandom(1), telemetry);

		assertThatThrownBy(() -> strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of(), risks -> {
			throw new IllegalStateException("no candidate meets the constraints");
		})).hasMessageContaining("constraints");
		assertThatThrownBy(() -> strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of("latency", 1.0)))
			.isInstanceOf(UnsupportedOperationException.class);
		verify(psi, never()).countDecision(any());

		strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of());
		strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of(), risks -> List.of(1));
		verify(psi, times(2)).countDecision(PsiReading.NEUTRAL);
	}

	@Test
	void aScreenThatKeepsNoCandidateMustRefuse() {
		Strategist strategist = new Strategist(properties(), neutralPsi(), new SplittableRandom(1), telemetry);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> strategist.decide(Map.of(), List.of(AKASH, VAST), Map.of(), risks -> List.of()));
	}

	@Test
	void failoverTriesTheOtherCandidatesBestEstimateFirst() {
		Strategist strategist = new Strategist(properties(), neutralPsi(), new SplittableRandom(1), telemetry);
		MeanRewards model = new MeanRewards();
		model.learn(transition(features("s"), AKASH, 0.1, List.of(AKASH, VAST, IONET)));
		model.learn(transition(features("s"), VAST, 0.2, List.of(AKASH, VAST, IONET)));
		model.learn(transition(features("s"), IONET, 0.9, List.of(AKASH, VAST, IONET)));
		strategist.install(model);
		Decision decision = strategist.decide(Map.of(), List.of(AKASH, VAST, IONET), Map.of());
		assertThat(decision.choice().index()).as("the policy's choice").isZero();
		assertThat(decision.fallbacks()).as("ionet (0.9), then vast (0.2)").containsExactly(2, 1);
	}

	/** A strategist deciding with {@code model}, which publishes model 1 while its first risk read runs. */
	private Strategist publishingDuringTheFirstRiskRead(VersionedPolicy model) {
		Strategist strategist = new Strategist(properties(), neutralPsi(), new SplittableRandom(1), telemetry);
		strategist.install(model);
		model.duringFirstRiskRead = () -> {
			strategist.observe(transition(features("s"), AKASH, 1.0, List.of(AKASH, VAST)));
			strategist.refit();
		};
		return strategist;
	}

	private static LearningProperties properties() {
		return new LearningProperties(LearningProperties.PolicyName.Q_TABLE, 0.1, 0.5, 0, 1, 0, 0, 0.1, 10, 2000, 0.995, null,
				256, 2);
	}

	private static PsiCache neutralPsi() {
		PsiCache psi = mock(PsiCache.class);
		when(psi.peek()).thenReturn(PsiReading.NEUTRAL);
		return psi;
	}

	private static void join(Thread thread) {
		try {
			thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private double forgottenCounter() {
		return registry.get(MetricNames.MODEL_FORGOTTEN).functionCounter().count();
	}

}
