package io.aurora.intelligence.telemetry;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TelemetryTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Telemetry telemetry = new Telemetry(registry,
			new DefaultListableBeanFactory().getBeanProvider(PrometheusRegistry.class));

	@Test
	void onlyTheFirst64ProvidersVouchedForGetTagsAndLongOrLaterNamesCountAsOther(CapturedOutput output) {
		for (int i = 0; i < 70; i++) {
			telemetry.decision("anon-" + i, "exploit", false);
		}
		for (int i = 0; i < 70; i++) {
			telemetry.decision("p" + i, "exploit", true);
		}
		telemetry.decision("x".repeat(65), "exploit", true);
		telemetry.decision("p3", "exploit", false);
		assertThat(registry.find(MetricNames.DECISIONS).counters()).extracting(c -> c.getId().getTag("provider"))
			.doesNotHaveDuplicates()
			.hasSize(Telemetry.MAX_PROVIDER_TAGS + 1)
			.contains("p0", "p63", "other")
			.doesNotContain("p64", "anon-0", "x".repeat(65));
		assertThat(registry.get(MetricNames.DECISIONS).tag("provider", "other").counter().count()).isEqualTo(70 + 6 + 1);
		assertThat(registry.get(MetricNames.DECISIONS).tag("provider", "p3").counter().count())
			.as("a tagged provider keeps its tag for unvouched decisions").isEqualTo(2);
		assertThat(output.getOut().split("have their 64 provider tags", -1)).as("said once, naming the first left out")
			.hasSize(2);
		assertThat(output).contains("such as 'p64'");
	}

	@Test
	void feedbackIsCountedByTheProviderItsDecisionAnsweredAndByOutcomeWithTheDecisionsTags() {
		telemetry.decision("akash", "exploit", true);
		telemetry.feedback("akash", 0.4, true);
		telemetry.feedback("akash", 0.4, false);
		telemetry.feedback("akash", -0.2, false);
		telemetry.feedback("vast", 0.0, true);
		telemetry.feedback("made-up", 1, false);
		assertThat(registry.get(MetricNames.FEEDBACK).tags("provider", "akash", "outcome", "success").counter().count())
			.isEqualTo(2);
		assertThat(registry.get(MetricNames.FEEDBACK).tags("provider", "akash", "outcome", "failure").counter().count())
			.isEqualTo(1);
		assertThat(registry.get(MetricNames.FEEDBACK).tags("provider", "vast", "outcome", "failure").counter().count())
			.as("a reward of 0 is no success").isEqualTo(1);
		assertThat(registry.get(MetricNames.FEEDBACK).tags("provider", "other", "outcome", "success").counter().count())
			.as("a provider no vouched decision tagged, as its decision was counted").isEqualTo(1);
		for (int i = 0; i < 70; i++) {
			telemetry.feedback("p" + i, 1, true);
		}
		assertThat(registry.find(MetricNames.FEEDBACK).counters()).extracting(c -> c.getId().getTag("provider"))
			.as("feedback shares the decisions' 64 provider tags").contains("akash", "vast", "p61", "other")
			.doesNotContain("p62");
	}

	@Test
	void routerCallsAndDecisionLatencyHaveTheirSeriesFromTheStartAtZero() {
		telemetry.routerResults(List.of("ok", "rejected", "error", "timeout", "open", "busy"));
		assertThat(registry.find(MetricNames.ROUTER_CALLS).counters()).extracting(c -> c.getId().getTag("result"))
			.containsExactlyInAnyOrder("ok", "rejected", "error", "timeout", "open", "busy");
		assertThat(registry.find(MetricNames.ROUTER_CALLS).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
		assertThat(registry.find(MetricNames.DECISION_LATENCY).timers()).extracting(t -> t.getId().getTag("phase"))
			.containsExactlyInAnyOrder("strategist", "executor", "total");
		telemetry.routerCall("ok");
		telemetry.decisionPhase(DecisionPhase.TOTAL, 1_000);
		assertThat(registry.get(MetricNames.ROUTER_CALLS).tag("result", "ok").counter().count()).isEqualTo(1);
		assertThat(registry.get(MetricNames.DECISION_LATENCY).tag("phase", "total").timer().count()).isEqualTo(1);
		assertThat(registry.find(MetricNames.ROUTER_CALLS).counters()).hasSize(6);
	}

}
