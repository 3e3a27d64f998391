package io.aurora.intelligence.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** The check of every settings record before the service's beans are made. */
class SettingsCheckTests {

	@Test
	void everySettingsRecordOfTheServiceIsChecked() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		assertThat(scanner.findCandidateComponents(SettingsCheck.PACKAGE))
			.extracting(record -> record.getBeanClassName().substring(SettingsCheck.PACKAGE.length() + 1))
			.containsExactlyInAnyOrderElementsOf(SettingsCheck.RECORDS);
	}

	@Test
	void eachRecordThatCannotBeBoundIsReportedAndTheOthersAreNot() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("settings", Map.of("aurora.serving.drain-ms", "-1", "aurora.serving.metrics-cache-ms", "0")));
		assertThat(SettingsCheck.failures(environment, getClass().getClassLoader()))
			.extracting(failure -> failure.exception().getTarget().getType().resolve().getSimpleName())
			.as("the serving record, out of range, and the others, which this environment leaves unset")
			.contains("ServingProperties", "PsiProperties");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("fixed", Map.of("aurora.serving.drain-ms", "5000")));
		assertThat(SettingsCheck.failures(environment, getClass().getClassLoader()))
			.extracting(failure -> failure.exception().getTarget().getType().resolve().getSimpleName())
			.doesNotContain("ServingProperties");
	}

	@Test
	void severalAnalysesAreReportedAsTheLinesOfOne() {
		FailureAnalysis report = SettingsCheck.report(List.of(
				new FailureAnalysis(SettingFailureAnalyzer.HEADING + "EPSILON is '2', which must be at most 1.\n    ALPHA is '-1'.",
						"one", null),
				new FailureAnalysis("GAMMA is 'abc' (aurora.learning.gamma), which is not a number.", "two", null)));
		assertThat(report.getDescription()).isEqualTo(SettingFailureAnalyzer.HEADING
				+ "EPSILON is '2', which must be at most 1.\n    ALPHA is '-1'.\n    GAMMA is 'abc' (aurora.learning.gamma), which is not a number.");
		assertThat(report.getAction()).isEqualTo("Change the settings named above, or unset them for their defaults.");
		FailureAnalysis one = new FailureAnalysis("GAMMA is 'abc'.", "Set GAMMA to a number.", null);
		assertThat(SettingsCheck.report(List.of(one))).isSameAs(one);
	}

}
