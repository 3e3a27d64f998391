package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.aurora.intelligence.psi.PsiCache;
import io.aurora.intelligence.psi.PsiReading;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The Strategist: featurises a request with the cached Ψ reading and lets the policy choose. It wraps
 * the plain-Java policy and owns the only instance of the model; learning goes through {@link #learn}.
 */
@Service
@EnableConfigurationProperties(LearningProperties.class)
public class Strategist {

	private final EpsilonGreedyQTable policy;

	private final PsiCache psi;

	private final RandomGenerator random;

	Strategist(LearningProperties properties, PsiCache psi, RandomGenerator random, Telemetry telemetry) {
		this.policy = new EpsilonGreedyQTable(properties.epsilon(), properties.alpha(), properties.gamma());
		this.psi = psi;
		this.random = random;
		telemetry.gauge(MetricNames.EPSILON, "Current exploration rate", policy::epsilon);
		telemetry.gauge(MetricNames.Q_TABLE_SIZE, "Q-table state-action pairs", () -> policy.stats().stateActionPairs());
	}

	/**
	 * Chooses among {@code actions} for a request context.
	 * @throws InvalidContextException when the context cannot be featurised
	 */
	public Decision decide(Map<String, ?> context, List<Action> actions) {
		String contextKey = Featurizer.contextKey(context);
		PsiReading reading = psi.current();
		String state = stateKey(contextKey, reading);
		Choice choice = policy.choose(state, actions, random);
		return new Decision(state, choice, reading, policy.epsilon());
	}

	/** The state a stored context is in now, with the current Ψ reading: the next state of a transition. */
	public String currentState(Map<String, ?> context) {
		return stateKey(Featurizer.contextKey(context), psi.current());
	}

	private static String stateKey(String contextKey, PsiReading reading) {
		return Featurizer.withPsi(contextKey, reading.coherence(), reading.density());
	}

	/** Applies one logged transition; callers apply them in the feedback log's order. */
	public void learn(Transition transition) {
		policy.learn(transition);
	}

	/** The model's estimate of an action's value in a state. */
	public double value(String state, Action action) {
		return policy.value(state, action);
	}

	/** The model's size and progress. */
	public ModelStats stats() {
		return policy.stats();
	}

	/** Current exploration rate ε. */
	public double epsilon() {
		return policy.epsilon();
	}

	/** Learning rate α. */
	public double alpha() {
		return policy.alpha();
	}

	/** Discount factor γ. */
	public double gamma() {
		return policy.gamma();
	}

}
