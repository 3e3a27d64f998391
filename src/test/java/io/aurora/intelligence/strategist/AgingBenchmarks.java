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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The distribution of one SquareCB feedback's learning (observe and refit, as the store's writer thread
 * runs it for a batch of one) with {@code candidates} candidate models learned in eight regions, whose
 * tail shows the periodic aging of the candidate models on the clock. Sampled, so that the rare slow
 * step is seen: run with {@code bench/jmh.sh Aging}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@State(Scope.Thread)
public class AgingBenchmarks {

	@Param({ "64", "512" })
	int candidates;

	private final SplittableRandom random = new SplittableRandom(1);

	private final List<Action> actions = new ArrayList<>();

	private final List<Features> features = new ArrayList<>();

	private SquareCb model;

	private int i;

	@Setup
	public void learnEveryCandidate() {
		model = new SquareCb(10, 2000, 0.995, 1, candidates);
		int[] cpus = { 2, 4, 8, 16, 32, 64 };
		int[] latencies = { 40, 80, 150, 220 };
		for (int s = 0; s < 4_800; s++) {
			features.add(new Features("region-" + s % 8, cpus[s % 6], 8 << (s / 6 % 6), latencies[s / 36 % 4],
					random.nextDouble(), random.nextDouble()));
		}
		for (int a = 0; a < candidates; a++) {
			actions.add(new Action("provider-" + a, "sku-" + a % 7));
		}
		for (int s = 0; s < 10 * candidates; s++) {
			learnOne();
		}
	}

	@Benchmark
	public void feedbackWithEveryCandidateLearned() {
		learnOne();
	}

	private void learnOne() {
		Features f = features.get(i % features.size());
		Action action = actions.get(i % actions.size());
		i++;
		Map<String, Double> signals = Map.of("latency", random.nextDouble(), "cost", random.nextDouble(), "reliability",
				random.nextDouble(), "latency_ms", 200 * random.nextDouble(), "slo", random.nextDouble());
		model.observe(new Transition(f, 0, action, random.nextDouble(), f, List.of(action), signals));
		model.refit();
	}

}
