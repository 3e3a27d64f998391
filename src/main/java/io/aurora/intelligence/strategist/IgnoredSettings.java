package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which of the seed's tabular settings the configured policy ignores. {@code EPSILON},
 * {@code ALPHA} and {@code GAMMA} steer only {@code q-table}; under the default {@code squarecb} a seed
 * user setting {@code EPSILON=0} to stop exploring would otherwise see it in {@code /status} and
 * the epsilon gauge, which report it whatever the policy, and still see explorations.
 */
@Component
class IgnoredSettings {

	private static final Logger log = LoggerFactory.getLogger(IgnoredSettings.class);

	/** The settings only {@code q-table} reads. */
	static final List<String> TABULAR = List.of("EPSILON", "ALPHA", "GAMMA", "EPSILON_DECAY", "EPSILON_MIN");

	IgnoredSettings(LearningProperties properties, Environment environment) {
		List<String> ignored = ignored(properties, environment);
		if (!ignored.isEmpty()) {
			String policy = properties.policy().name().toLowerCase(Locale.ROOT).replace('_', '-');
			log.warn("{} set, but only AURORA_POLICY=q-table reads {}; {} explores by {} (/status and "
					+ "aurora_intelligence_epsilon still report EPSILON, as the seed's did)", String.join(", ", ignored),
					ignored.size() == 1 ? "it" : "them", policy,
					properties.policy() == LearningProperties.PolicyName.UCB ? "UCB_C" : "SQUARECB_GAMMA0");
		}
	}

	/** The tabular settings given in the environment that {@code properties}' policy does not read. */
	static List<String> ignored(LearningProperties properties, Environment environment) {
		if (properties.policy() == LearningProperties.PolicyName.Q_TABLE) {
			return List.of();
		}
		return TABULAR.stream().filter(environment::containsProperty).toList();
	}

}
