package io.aurora.intelligence.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sampler each value of OTEL_TRACES_SAMPLER stands for, whatever ratio the settings give. */
class OpenTelemetrySamplingTests {

	@Test
	void theDefaultFollowsTheCallerAndSamplesTheRatioOfTheTracesItStarts() {
		assertThat(OpenTelemetrySampling.sampler(null, 0.1f).getDescription())
			.startsWith("ParentBased{root:TraceIdRatioBased{0.100000}");
		assertThat(OpenTelemetrySampling.sampler(" traceidratio ", 0.5f).getDescription()).isEqualTo("TraceIdRatioBased{0.500000}");
	}

	@Test
	void theAlwaysSamplersTakeNoRatioSoNoSettingTurnsThemIntoTheirOpposite() {
		assertThat(OpenTelemetrySampling.sampler("always_off", 1f).getDescription()).isEqualTo("AlwaysOffSampler");
		assertThat(OpenTelemetrySampling.sampler("always_on", 0f).getDescription()).isEqualTo("AlwaysOnSampler");
		assertThat(OpenTelemetrySampling.sampler("parentbased_always_off", 1f).getDescription())
			.startsWith("ParentBased{root:AlwaysOffSampler");
		assertThat(OpenTelemetrySampling.sampler("parentbased_always_on", 0f).getDescription())
			.startsWith("ParentBased{root:AlwaysOnSampler");
	}

	@Test
	void aRatioOutsideZeroToOneStopsTheStartNamingSpringBootsSetting() {
		assertThatThrownBy(() -> OpenTelemetrySampling.sampler("traceidratio", 7f))
			.isInstanceOf(OpenTelemetryVariables.InvalidOpenTelemetryVariableException.class)
			.hasMessage("management.tracing.sampling.probability is 7.0, which is not a ratio from 0 to 1");
		assertThat(OpenTelemetrySampling.sampler("always_on", 7f).getDescription()).as("a ratio it does not use").isEqualTo("AlwaysOnSampler");
	}

}
