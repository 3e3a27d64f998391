package io.aurora.intelligence.strategist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

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
	void qTableReadsThemAndAnUnsetEnvironmentSaysNothing(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("EPSILON", "0");
		new IgnoredSettings(properties(LearningProperties.PolicyName.Q_TABLE), environment);
		new IgnoredSettings(properties(LearningProperties.PolicyName.SQUARECB), new MockEnvironment());
		assertThat(output).doesNotContain("reads them").doesNotContain("reads it");
	}

	private static LearningProperties properties(LearningProperties.PolicyName policy) {
		return new LearningProperties(policy, 0.1, 0.5, 0, 1, 0, 0, 0.1, 10, 2000, 0.995, null, 256, 2);
	}

}
