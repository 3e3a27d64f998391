package io.aurora.intelligence.strategist;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

@ExtendWith(OutputCaptureExtension.class)
class IgnoredSettingsTests {

	@Test
	void seedSettingsTheDefaultPolicyIgnoresAreNamedInAWarning(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("EPSILON", "0").withProperty("GAMMA", "0.5");
		new IgnoredSettings(properties(LearningProperties.PolicyName.SQUARECB), environment);
		assertThat(output).contains("EPSILON, GAMMA set, but only AURORA_POLICY=q-table reads them; squarecb explores by "
				+ "SQUARECB_GAMMA0");
		assertThat(IgnoredSettings.ignored(properties(LearningProperties.PolicyName.UCB), environment))
			.containsExactly("EPSILON", "GAMMA");
	}

	@Test
	void qTableReadsThemAndAnUnsetEnvironmentOrTheSeedsOwnValuesSayNothing(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("EPSILON", "0");
		new IgnoredSettings(properties(LearningProperties.PolicyName.Q_TABLE), environment);
		new IgnoredSettings(properties(LearningProperties.PolicyName.SQUARECB), new MockEnvironment());
		new IgnoredSettings(properties(LearningProperties.PolicyName.SQUARECB), new MockEnvironment()
			.withProperty("EPSILON", "0.1").withProperty("GAMMA", "0.92").withProperty("ALPHA", " 0.20"));
		assertThat(output).doesNotContain("reads them").doesNotContain("reads it");
	}

	@Test
	void qTableWarnsOfSettingsUnderWhichItMayKeepAWorseCandidateForGood(CapturedOutput output) {
		new IgnoredSettings(tabular(0, 0.92, 1, 0.01), new MockEnvironment());
		assertThat(output).contains("q-table with EPSILON=0 stops exploring");
		assertThat(IgnoredSettings.qTableHazards(tabular(0.1, 0, 0.99, 0))).singleElement().asString()
			.contains("EPSILON_DECAY below 1 and EPSILON_MIN=0 stops exploring");
		assertThat(IgnoredSettings.qTableHazards(tabular(0.1, 0.92, 0.99, 0.01))).as("decay to a floor above 0").isEmpty();
		assertThat(IgnoredSettings.qTableHazards(tabular(0.1, 0.92, 1, 0.01))).as("the seed's settings").isEmpty();
		assertThat(IgnoredSettings.qTableHazards(tabular(0.1, 0, 0.99, 0.01))).isEmpty();
		assertThat(IgnoredSettings.qTableHazards(properties(LearningProperties.PolicyName.SQUARECB))).isEmpty();
	}

	@Test
	void theDefaultsTheWarningComparesWithAreApplicationYmls() throws IOException {
		MockEnvironment environment = new MockEnvironment();
		new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		LearningProperties defaults = new Binder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment))
			.bindOrCreate("aurora.learning", LearningProperties.class);
		assertThat(IgnoredSettings.TABULAR).containsExactly(entry("EPSILON", defaults.epsilon()),
				entry("ALPHA", defaults.alpha()), entry("GAMMA", defaults.gamma()),
				entry("EPSILON_DECAY", defaults.epsilonDecay()), entry("EPSILON_MIN", defaults.epsilonMin()));
		MockEnvironment atDefaults = environment.withProperty("UCB_C", String.valueOf(defaults.ucbC()))
			.withProperty("SQUARECB_GAMMA0", String.valueOf(defaults.squarecbGamma0()))
			.withProperty("SQUARECB_GAMMA_MAX", String.valueOf(defaults.squarecbGammaMax()))
			.withProperty("FORGETTING", String.valueOf(defaults.forgetting()));
		assertThat(IgnoredSettings.othersOwn(tabular(0.1, 0.92, 1, 0.01), atDefaults)).isEmpty();
	}

	@Test
	void anotherPolicysOwnSettingsAreNamedWithThePolicyThatReadsThem(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("UCB_C", "5").withProperty("SQUARECB_GAMMA0", "1")
			.withProperty("FORGETTING", "0.6");
		new IgnoredSettings(tabular(0.1, 0.92, 1, 0.01), environment);
		assertThat(output).contains("FORGETTING (squarecb's), SQUARECB_GAMMA0 (squarecb's), UCB_C (ucb's) set, but "
				+ "AURORA_POLICY=q-table does not read them");
		assertThat(IgnoredSettings.othersOwn(properties(LearningProperties.PolicyName.SQUARECB), environment))
			.containsExactly("UCB_C (ucb's)");
		assertThat(IgnoredSettings.othersOwn(properties(LearningProperties.PolicyName.UCB), environment))
			.containsExactly("FORGETTING (squarecb's)", "SQUARECB_GAMMA0 (squarecb's)");
	}

	private static LearningProperties tabular(double epsilon, double gamma, double decay, double min) {
		return new LearningProperties(LearningProperties.PolicyName.Q_TABLE, epsilon, 0.2, gamma, decay, min, 0, 0.1, 10, 2000,
				0.995, null, 256, 2);
	}

	private static LearningProperties properties(LearningProperties.PolicyName policy) {
		return new LearningProperties(policy, 0.1, 0.5, 0, 1, 0, 0, 0.1, 10, 2000, 0.995, null, 256, 2);
	}

}
