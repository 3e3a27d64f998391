package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import io.aurora.intelligence.psi.PsiCache;
import io.aurora.intelligence.psi.PsiReading;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The Strategist: featurises a request with the cached Ψ reading and lets the configured policy
 * choose. It owns the only instance of the model; learning goes through {@link #observe} for each
 * transition of a batch, in log order, and then one {@link #refit}. A decision reads one published
 * model: publishing is bracketed by an epoch counter (a sequence lock, {@link PublicationEpoch}), and a
 * decision that overlapped a publication is made again (a few times, then with publications held off),
 * so its choice, estimates and fallbacks come from one model.
 */
@Service
@EnableConfigurationProperties(LearningProperties.class)
public class Strategist {

	/** What models replaced since start had forgotten, so the forgotten counter never goes down. */
	private volatile long forgottenByReplacedModels;

	private final LearningProperties properties;

	private volatile Policy policy;

	private final PsiCache psi;

	private final RandomGenerator random;

	private final Map<String, Double> defaultWeights;

	/** Brackets publications, which run under this object's lock, so that a decision reads one model. */
	private final PublicationEpoch epoch = new PublicationEpoch(this);

	Strategist(LearningProperties properties, PsiCache psi, RandomGenerator random, Telemetry telemetry) {
		this.properties = properties;
		this.policy = properties.createPolicy();
		this.psi = psi;
		this.random = random;
		this.defaultWeights = properties.defaultWeights();
		telemetry.gauge(MetricNames.EPSILON, "Configured exploration rate (EPSILON); with EPSILON_DECAY each state's decays from it",
				properties::epsilon);
		telemetry.gauge(MetricNames.Q_TABLE_SIZE,
				"State-action values learned (q-table, ucb), or learned parameters (squarecb)", () -> this.policy.stats().stateActionPairs());
		telemetry.functionCounter(MetricNames.MODEL_FORGOTTEN, "Candidates or states forgotten at the model's size caps",
				this, Strategist::forgottenSinceStart);
	}

	/**
	 * Chooses among {@code actions} by the caller's objective weights (normalised; empty: the
	 * configured default, else the seed's scalar reward). The Ψ reading counts as a cache hit or miss
	 * only once the decision is made, so a refused request counts neither.
	 * @throws InvalidContextException when the context cannot be featurised
	 * @throws ObjectivesUnsupportedException when weights are asked of a policy that learns one scalar
	 */
	public Decision decide(Map<String, ?> context, List<Action> actions, Map<String, Double> weights) {
		Seen seen = seen(context);
		PsiReading reading = seen.reading();
		Features features = seen.features();
		Map<String, Double> used = weights.isEmpty() ? defaultWeights : weights;
		Decision decision = epoch.fromOneModel(() -> decide(policy, reading, features, actions, used));
		psi.countDecision(reading);
		return decision;
	}

	/** The context's features with the current Ψ reading, not yet counted; the context is validated before the cache is read. */
	private Seen seen(Map<String, ?> context) {
		Features valid = Featurizer.features(context, 0.5, 0.5);
		PsiReading reading = psi.peek();
		return new Seen(reading, valid.withPsi(reading.coherence(), reading.density()));
	}

	/** A request's features and the Ψ reading they carry. */
	private record Seen(PsiReading reading, Features features) {
	}

	private Decision decide(Policy current, PsiReading reading, Features features, List<Action> actions,
			Map<String, Double> used) {
		Choice choice = used.isEmpty() ? current.choose(features, actions, random)
				: current.choose(features, actions, used, random);
		List<Map<String, Double>> estimates = actions.stream().map(a -> current.objectiveEstimates(features, a)).toList();
		double[] value = new double[actions.size()];
		for (int i = 0; i < value.length; i++) {
			value[i] = used.isEmpty() ? current.estimate(features, actions.get(i)) : weighted(used, estimates.get(i));
		}
		List<Integer> fallbacks = IntStream.range(0, actions.size()).boxed()
			.filter(i -> i != choice.index())
			.sorted((a, b) -> Double.compare(value[b], value[a]))
			.toList();
		double epsilon = Double.isNaN(choice.epsilon()) ? properties.epsilon() : choice.epsilon();
		return new Decision(features, choice, reading, current.name(), epsilon, used, DoubleStream.of(value).boxed().toList(),
				estimates, ParetoFront.of(actions, estimates), fallbacks);
	}

	private static double weighted(Map<String, Double> weights, Map<String, Double> estimates) {
		double sum = 0;
		for (Map.Entry<String, Double> w : weights.entrySet()) {
			sum += w.getValue() * estimates.getOrDefault(w.getKey(), 0.0);
		}
		return sum;
	}

	/**
	 * Like {@link #decide(Map, List, Map)}, among the candidates {@code screen} keeps, given each one's
	 * learned risks (latency in ms, SLO-hit rate); the screen and the choice read the same model and Ψ
	 * reading. The screen throws to refuse, and must when it keeps none; it may run more than once, so it
	 * must not have effects.
	 */
	public Screened decide(Map<String, ?> context, List<Action> actions, Map<String, Double> weights,
			Function<List<Map<String, Policy.Risk>>, List<Integer>> screen) {
		Seen seen = seen(context);
		PsiReading reading = seen.reading();
		Features features = seen.features();
		Map<String, Double> used = weights.isEmpty() ? defaultWeights : weights;
		Screened screened = epoch.fromOneModel(() -> {
			Policy current = policy;
			List<Integer> kept = List.copyOf(screen.apply(actions.stream().map(a -> current.risks(features, a)).toList()));
			if (kept.isEmpty()) {
				throw new IllegalArgumentException("the screen kept no candidate and did not refuse");
			}
			return new Screened(kept, decide(current, reading, features, kept.stream().map(actions::get).toList(), used));
		});
		psi.countDecision(reading);
		return screened;
	}

	/**
	 * A decision among screened candidates.
	 *
	 * @param kept the positions, among the offered candidates, of those the screen kept, in order
	 * @param decision the decision among the kept candidates, whose indices count among them
	 */
	public record Screened(List<Integer> kept, Decision decision) {
	}

	/**
	 * The features of a traced decision's context with the current Ψ reading: the next state of a
	 * transition. The reading is not counted as a cache hit or miss, which are decisions'.
	 */
	public Features currentFeatures(Map<String, ?> context) {
		PsiReading reading = psi.peek();
		return Featurizer.ofStored(context, reading.coherence(), reading.density());
	}

	/**
	 * Applies one logged transition; decisions see it from the next {@link #refit} on (at once, published
	 * under the epoch, for a policy that {@link Policy#publishesOnObserve()}), and a batch observed and
	 * then refitted equals the same transitions learned one by one.
	 */
	public synchronized void observe(Transition transition) {
		if (policy.publishesOnObserve()) {
			epoch.publishing(() -> policy.observe(transition));
		}
		else {
			policy.observe(transition);
		}
	}

	/** Solves and publishes what {@link #observe} has learned; only the publication holds decisions back. */
	public synchronized void refit() {
		policy.prepare();
		epoch.publishing(policy::refit);
	}

	/** The learned state, exported while no update runs. */
	public synchronized Map<String, Object> exportState() {
		return policy.exportState();
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
		probe(fresh);
		return fresh;
	}

	/**
	 * Refuses a model that would answer a plain request with a value or propensity that is not a number:
	 * a state whose parts each look valid can still add up to one that cannot decide.
	 */
	private void probe(Policy model) {
		Features plain = Featurizer.features(Map.of(), 0.5, 0.5);
		List<Action> two = List.of(new Action("probe", "a"), new Action("probe", "b"));
		Choice choice = model.choose(plain, two, new SplittableRandom(0));
		if (!(Double.isFinite(choice.qValue()) && choice.propensity() > 0 && choice.propensity() <= 1)) {
			throw new IllegalArgumentException("model state does not decide: a plain request gets value " + choice.qValue()
					+ " with propensity " + choice.propensity());
		}
	}

	/** Puts a prepared model in use, between two updates. */
	public synchronized void install(Policy prepared) {
		forgottenByReplacedModels += policy.stats().forgotten();
		policy = prepared;
	}

	/** Everything forgotten at the caps since start, by every model in use since then: never goes down. */
	synchronized long forgottenSinceStart() {
		return forgottenByReplacedModels + policy.stats().forgotten();
	}

	/** The policy's hyper-parameters. */
	public Map<String, Object> parameters() {
		return policy.parameters();
	}

	/**
	 * Identifies the policy, the version of its learning rules and its hyper-parameters; a snapshot only
	 * restores into the same fingerprint, so that a model is always the log learned by one set of rules.
	 */
	public String fingerprint() {
		return policy.name() + "@" + policy.learningRules() + new java.util.TreeMap<>(policy.parameters());
	}

	/** The version of the learning rules: a model learned under others holds state that means something else here. */
	public int learningRules() {
		return policy.learningRules();
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

	/** The objective weights {@code REWARD_WEIGHTS} sets for requests without their own; empty: the seed's reward. */
	public Map<String, Double> defaultWeights() {
		return defaultWeights;
	}

}
