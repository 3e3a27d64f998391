package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * What a checkpoint costs for a SquareCB model of {@code candidates} candidates, each learned in four
 * regions with every objective: the copy of the model, which is all that holds up learning, and the
 * copy serialised to JSON, which held it up as well before. Run with {@code bench/jmh.sh Checkpoint}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CheckpointBenchmarks {

	@Param({ "16", "1024" })
	int candidates;

	private final JsonMapper json = new JsonMapper();

	private SquareCb model;

	@Setup
	public void learnEveryCandidate() {
		model = new SquareCb(10, 2000, 0.995, 1, candidates);
		Map<String, Double> objectives = Map.of("latency", 0.5, "cost", 0.2, "reliability", 1.0, "latency_ms", 120.0,
				"slo", 1.0);
		for (int i = 0; i < candidates; i++) {
			Action action = new Action("provider-" + i, "sku-" + i);
			for (String region : List.of("eu", "us", "ap", "sa")) {
				Features f = new Features(region, 8, 32, 60, 0.7, 0.8);
				model.learn(new Transition(f, 0, action, 0.5, f, List.of(action), objectives));
			}
		}
	}

	@Benchmark
	public Map<String, Object> copyUnderTheLock() {
		return model.exportState();
	}

	@Benchmark
	public String copyAndSerialise() {
		return json.writeValueAsString(model.exportState());
	}

}
