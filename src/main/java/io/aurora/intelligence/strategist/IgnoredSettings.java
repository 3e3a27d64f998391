package io.aurora.intelligence.strategist;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which of the seed's tabular settings, set to other than their defaults, the
 * configured policy ignores. {@code EPSILON},
 * {@code ALPHA} and {@code GAMMA} steer only {@code q-table}; under the default {@code squarecb} a seed
 * user setting {@code EPSILON=0} to stop exploring would otherwise see it in {@code /status} and
 * the epsilon gauge, which report it whatever the policy, and still see explorations. Under
 * {@code q-table}, it warns of settings under which it may keep a worse candidate for good.
 */
@Component
class IgnoredSettings {

	private static final Logger log = LoggerFactory.getLogger(IgnoredSettings.class);

	/** The settings only {@code q-table} reads, with their defaults (application.yml's). */
	static final Map<String, Double> TABULAR = tabular();

	/** The settings of one other policy each, by name: the policy that reads it and its default. */
	private static final Map<String, Map.Entry<LearningProperties.PolicyName, Double>> OWN = Map.of(
			"UCB_C", Map.entry(LearningProperties.PolicyName.UCB, 0.1),
			"SQUARECB_GAMMA0", Map.entry(LearningProperties.PolicyName.SQUARECB, 10.0),
			"SQUARECB_GAMMA_MAX", Map.entry(LearningProperties.PolicyName.SQUARECB, 2000.0),
			"FORGETTING", Map.entry(LearningProperties.PolicyName.SQUARECB, 0.995));

	IgnoredSettings(LearningProperties properties, Environment environment) {
		qTableHazards(properties).forEach(log::warn);
		List<String> others = othersOwn(properties, environment);
		if (!others.isEmpty()) {
			log.warn("{} set, but AURORA_POLICY={} does not read {}", String.join(", ", others), name(properties.policy()),
					others.size() == 1 ? "it" : "them");
		}
		List<String> ignored = ignored(properties, environment);
		if (!ignored.isEmpty()) {
			String policy = name(properties.policy());
			log.warn("{} set, but only AURORA_POLICY=q-table reads {}; {} explores by {} (/status and "
					+ "aurora_intelligence_epsilon still report EPSILON, as the seed's did)", String.join(", ", ignored),
					ignored.size() == 1 ? "it" : "them", policy,
					properties.policy() == LearningProperties.PolicyName.UCB ? "UCB_C" : "SQUARECB_GAMMA0");
		}
	}

	/**
	 * The tabular settings the environment gives values other than their defaults, which
	 * {@code properties}' policy does not read; the seed's own values, as the manifests carry them, pass.
	 */
	static List<String> ignored(LearningProperties properties, Environment environment) {
		if (properties.policy() == LearningProperties.PolicyName.Q_TABLE) {
			return List.of();
		}
		return TABULAR.entrySet().stream()
			.filter(setting -> setOtherThan(environment, setting.getKey(), setting.getValue()))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Why {@code q-table} may keep a worse candidate for good under {@code properties}: exploration that
	 * ends.
	 */
	static List<String> qTableHazards(LearningProperties properties) {
		if (properties.policy() != LearningProperties.PolicyName.Q_TABLE) {
			return List.of();
		}
		if (properties.epsilon() == 0 || properties.epsilonDecay() < 1 && properties.epsilonMin() == 0) {
			return List.of("q-table with " + (properties.epsilon() == 0 ? "EPSILON=0" : "EPSILON_DECAY below 1 and EPSILON_MIN=0")
					+ " stops exploring: in each state it keeps whichever candidate it tried first and never learns of a better one");
		}
		return List.of();
	}

	/**
	 * The settings of another policy than {@code properties}' that the environment gives values other than their
	 * defaults, each with the policy that reads it ({@code UCB_C (ucb's)}), in name order.
	 */
	static List<String> othersOwn(LearningProperties properties, Environment environment) {
		return OWN.entrySet().stream()
			.filter(setting -> setting.getValue().getKey() != properties.policy())
			.filter(setting -> setOtherThan(environment, setting.getKey(), setting.getValue().getValue()))
			.map(setting -> setting.getKey() + " (" + name(setting.getValue().getKey()) + "'s)")
			.sorted()
			.toList();
	}

	private static String name(LearningProperties.PolicyName policy) {
		return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Whether the environment sets {@code variable} to a value other than {@code fallback}, its default. */
	private static boolean setOtherThan(Environment environment, String variable, double fallback) {
		String value = environment.getProperty(variable);
		if (value == null) {
			return false;
		}
		try {
			return Double.parseDouble(value.strip()) != fallback;
		}
		catch (NumberFormatException ex) {
			return true;
		}
	}

	private static Map<String, Double> tabular() {
		Map<String, Double> settings = new LinkedHashMap<>();
		settings.put("EPSILON", 0.1);
		settings.put("ALPHA", 0.2);
		settings.put("GAMMA", 0.92);
		settings.put("EPSILON_DECAY", 1.0);
		settings.put("EPSILON_MIN", 0.01);
		return Collections.unmodifiableMap(settings);
	}

}
