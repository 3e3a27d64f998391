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
 * The Strategist: featurises a request with the cached Ψ reading and lets the configured policy
 * choose. It owns the only instance of the model; learning goes through {@link #learn}, one
 * transition at a time.
 */
@Service
@EnableConfigurationProperties(LearningProperties.class)
public class Strategist {

	private final LearningProperties properties;

	private volatile Policy policy;

	private final PsiCache psi;

	private final RandomGenerator random;

	Strategist(LearningProperties properties, PsiCache psi, RandomGenerator random, Telemetry telemetry) {
		this.properties = properties;
		this.policy = properties.createPolicy();
		this.psi = psi;
		this.random = random;
		telemetry.gauge(MetricNames.EPSILON, "Current exploration rate", properties::epsilon);
		telemetry.gauge(MetricNames.Q_TABLE_SIZE, "Learned values", () -> this.policy.stats().stateActionPairs());
	}

	/**
	 * Chooses among {@code actions} for a request context.
	 * @throws InvalidContextException when the context cannot be featurised
	 */
	public Decision decide(Map<String, ?> context, List<Action> actions) {
		PsiReading reading = psi.current();
		Features features = Featurizer.features(context, reading.coherence(), reading.density());
		return new Decision(features, policy.choose(features, actions, random), reading, policy.name(), properties.epsilon());
	}

	/** The features of a context with the current Ψ reading: the next state of a transition. */
	public Features currentFeatures(Map<String, ?> context) {
		PsiReading reading = psi.current();
		return Featurizer.features(context, reading.coherence(), reading.density());
	}

	/** Applies one logged transition; callers apply them in the feedback log's order. */
	public synchronized void learn(Transition transition) {
		policy.learn(transition);
	}

	/** The model's estimate of an action's reward for some features. */
	public double estimate(Features features, Action action) {
		return policy.estimate(features, action);
	}

	/** The learned state, exported while no update runs. */
	public synchronized Map<String, Object> exportState() {
		return policy.exportState();
	}

	/** Replaces the learned state with an exported one, all at once: a malformed state changes nothing. */
	public synchronized void importState(Map<String, Object> state) {
		install(prepare(state));
	}

	/**
	 * A new model holding an exported state, not yet in use.
	 * @throws IllegalArgumentException when the state is malformed or does not fit this policy
	 */
	public Policy prepare(Map<String, Object> state) {
		Policy fresh = properties.createPolicy();
		try {
			fresh.importState(state);
		}
		catch (ClassCastException | NullPointerException | UnsupportedOperationException ex) {
			throw new IllegalArgumentException("malformed model state: " + ex.getMessage(), ex);
		}
		return fresh;
	}

	/** Puts a prepared model in use, between two updates. */
	public synchronized void install(Policy prepared) {
		policy = prepared;
	}

	/** The policy's hyper-parameters. */
	public Map<String, Object> parameters() {
		return policy.parameters();
	}

	/** Identifies the policy and its hyper-parameters; a snapshot only restores into the same fingerprint. */
	public String fingerprint() {
		return policy.name() + new java.util.TreeMap<>(policy.parameters());
	}

	/** The model's size and progress. */
	public ModelStats stats() {
		return policy.stats();
	}

	/** The name of the policy that decides. */
	public String policyName() {
		return policy.name();
	}

	/** Configured exploration rate ε of the tabular policy, as the seed reports it. */
	public double epsilon() {
		return properties.epsilon();
	}

	/** Configured learning rate α. */
	public double alpha() {
		return properties.alpha();
	}

	/** Configured discount factor γ. */
	public double gamma() {
		return properties.gamma();
	}

}
