package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the learning core with 100,000 learned states: select (featurise and
 * choose among five candidates) and update, for the default SquareCB and for the tabular Q-table.
 * Run with {@code bench/jmh.sh}; not part of the test suite.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StrategistBenchmarks {

	static final int STATES = 100_000;

	private static final List<Action> ACTIONS = List.of(new Action("akash", "A8"), new Action("vast", "V4"),
			new Action("ionet", "H100"), new Action("render", "R1"), new Action("lambda", "L1"));

	private final SplittableRandom random = new SplittableRandom(1);

	private final List<Features> features = new ArrayList<>();

	private final List<Map<String, Object>> contexts = new ArrayList<>();

	private EpsilonGreedyQTable table;

	private SquareCb squareCb;

	private int i;

	@Setup
	public void learnOneHundredThousandStates() {
		table = new EpsilonGreedyQTable(0.1, 0.2, 0.92, 1, 0, 512, 1_000_000);
		squareCb = new SquareCb(10, 2000, 0.995, 1);
		int[] cpus = { 2, 4, 8, 16, 32, 64 };
		int[] latencies = { 40, 80, 150, 220 };
		for (int s = 0; s < STATES; s++) {
			Map<String, Object> context = Map.of("region", "region-" + s / 144, "cpu", cpus[s % 6], "memory_gb", 8 << (s / 6 % 6),
					"latency_ms", latencies[s / 36 % 4]);
			Features f = Featurizer.features(context, 0.7, 0.8);
			contexts.add(context);
			features.add(f);
			for (Action a : ACTIONS) {
				Transition t = new Transition(f, ACTIONS.indexOf(a), a, random.nextDouble(), f, ACTIONS);
				table.learn(t);
				if (s % 20 == 0) {
					squareCb.learn(t);
				}
			}
		}
		if (table.stats().states() != STATES) {
			throw new IllegalStateException("the contexts fall into " + table.stats().states() + " states, not " + STATES);
		}
	}

	private int next() {
		i = i + 7919 < STATES ? i + 7919 : (i + 7919) % STATES;
		return i;
	}

	@Benchmark
	public Choice squareCbSelect() {
		int s = next();
		return squareCb.choose(Featurizer.features(contexts.get(s), 0.7, 0.8), ACTIONS, random);
	}

	/** What {@code Strategist.decide} asks of the policy: the choice, each candidate's objective estimates and ranking value. */
	@Benchmark
	public double squareCbDecide() {
		int s = next();
		Features f = Featurizer.features(contexts.get(s), 0.7, 0.8);
		Choice choice = squareCb.choose(f, ACTIONS, random);
		double sum = choice.qValue();
		for (Action a : ACTIONS) {
			sum += squareCb.estimate(f, a) + squareCb.objectiveEstimates(f, a).size();
		}
		return sum;
	}

	@Benchmark
	public Choice qTableSelect() {
		int s = next();
		return table.choose(Featurizer.features(contexts.get(s), 0.7, 0.8), ACTIONS, random);
	}

	@Benchmark
	public void squareCbUpdate() {
		Features f = features.get(next());
		squareCb.learn(new Transition(f, 1, ACTIONS.get(1), 0.5, f, ACTIONS));
	}

	/** One feedback as the service learns it: the reward plus every objective and risk signal. */
	@Benchmark
	public void squareCbFeedbackUpdate() {
		squareCb.learn(feedback(features.get(next())));
	}

	/** Four feedbacks committed in one batch: observed, then one refit; the time is per feedback. */
	@Benchmark
	@OperationsPerInvocation(4)
	public void squareCbFeedbackBatchOfFour() {
		for (int k = 0; k < 4; k++) {
			squareCb.observe(feedback(features.get(next())));
		}
		squareCb.refit();
	}

	private Transition feedback(Features f) {
		Map<String, Double> signals = Map.of("latency", random.nextDouble(), "cost", random.nextDouble(), "reliability",
				random.nextDouble(), "latency_ms", 200 * random.nextDouble(), "slo", random.nextDouble());
		return new Transition(f, 1, ACTIONS.get(1), 0.5, f, ACTIONS, signals);
	}

	@Benchmark
	public void qTableUpdate() {
		Features f = features.get(next());
		table.learn(new Transition(f, 1, ACTIONS.get(1), 0.5, f, ACTIONS));
	}

}
