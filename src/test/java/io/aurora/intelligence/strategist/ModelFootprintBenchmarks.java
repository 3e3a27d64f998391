package io.aurora.intelligence.strategist;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How much heap a learned model takes and how large its export is, per candidate for {@code squarecb} and per
 * state-candidate value for {@code q-table}, for the shapes {@code docs/BENCHMARKS.md} reports: the heap after a full
 * collection with and without the model, and the JSON of {@code exportState()}; then the time an export takes to write
 * with its keys in order, as {@code GET /model} writes it, against as held. Run with {@code bench/footprint.sh};
 * not part of the test suite.
 */
public final class ModelFootprintBenchmarks {

	private static final int[] CPUS = { 2, 4, 8, 16, 32, 64 };

	private static final int[] LATENCIES = { 40, 80, 150, 220 };

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private ModelFootprintBenchmarks() {
	}

	/** One shape of model: what it is, how to learn it, and what its sizes are divided by. */
	private record Shape(String label, String unit, Supplier<Policy> learn) {
	}

	public static void main(String[] args) {
		List<Shape> shapes = List.of(
				new Shape("squarecb, 512 candidates, every objective, one region", "candidate",
						() -> squareCb(512, 1, false, true)),
				new Shape("squarecb, 512 candidates, every objective, four regions", "candidate",
						() -> squareCb(512, 4, false, true)),
				new Shape("squarecb, 512 candidates, every objective, 16 regions and every bucket", "candidate",
						() -> squareCb(512, 16, true, true)),
				new Shape("squarecb, 200 candidates, every objective, 16 regions and every bucket", "candidate",
						() -> squareCb(200, 16, true, true)),
				new Shape("squarecb, 512 candidates, the reward alone (what `/evaluations` fits), 16 regions and every bucket",
						"candidate", () -> squareCb(512, 16, true, false)),
				new Shape("q-table, 100,000 states of five candidates each (the JMH benchmark's contexts)", "value",
						ModelFootprintBenchmarks::qTableOfFive),
				new Shape("q-table, 200,000 states of one candidate each", "value", ModelFootprintBenchmarks::qTableOfOne));
		JsonMapper json = new JsonMapper();
		json.writeValueAsString(squareCb(2, 16, true, true).exportState());
		json.writeValueAsString(qTableOfOne().exportState());
		System.out.printf(Locale.ROOT, "java %s, max heap %d MB%n%n", Runtime.version(),
				Runtime.getRuntime().maxMemory() >> 20);
		System.out.println("| model | per | heap (bytes) | export (bytes) | export (MB) |");
		System.out.println("|---|---|---:|---:|---:|");
		for (Shape shape : shapes) {
			System.out.println(measure(shape, json));
		}
		System.out.println();
		System.out.println("| model | export as held (ms) | keys in order, as GET /model writes it (ms) | ratio |");
		System.out.println("|---|---:|---:|---:|");
		for (Shape shape : List.of(shapes.get(2), shapes.get(5), shapes.get(6))) {
			System.out.println(exportTimes(shape, json));
		}
	}

	/**
	 * The median time of eleven serializations of a shape's export as its maps hold their keys and with every object's
	 * keys in order ({@code ORDER_MAP_ENTRIES_BY_KEYS}, which {@code GET /model} uses), alternated, after three of each.
	 */
	private static String exportTimes(Shape shape, JsonMapper json) {
		JsonMapper ordered = json.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
		Map<String, Object> export = shape.learn().get().exportState();
		long[] held = new long[11];
		long[] sorted = new long[11];
		for (int i = -3; i < held.length; i++) {
			long start = System.nanoTime();
			json.writeValueAsBytes(export);
			long middle = System.nanoTime();
			ordered.writeValueAsBytes(export);
			long end = System.nanoTime();
			if (i >= 0) {
				held[i] = middle - start;
				sorted[i] = end - middle;
			}
		}
		Arrays.sort(held);
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |", shape.label(), held[5] / 1e6, sorted[5] / 1e6,
				(double) sorted[5] / held[5]);
	}

	/**
	 * One shape's table row. The model is learned and dropped inside this call, so that no earlier shape's model is
	 * still held by a local variable while the next is measured.
	 */
	private static String measure(Shape shape, JsonMapper json) {
		long before = settledHeap();
		Policy model = shape.learn().get();
		long heap = settledHeap() - before;
		int count = "candidate".equals(shape.unit()) ? candidates(model) : model.stats().stateActionPairs();
		long exported = json.writeValueAsString(model.exportState()).getBytes(StandardCharsets.UTF_8).length;
		return String.format(Locale.ROOT, "| %s | %,d %ss | %,d | %,d | %.1f |", shape.label(), count, shape.unit(),
				heap / count, exported / count, exported / 1e6);
	}

	/** Candidates a SquareCB model has learned, from its export's reward head. */
	private static int candidates(Policy model) {
		return ((List<?>) model.exportState().get("actions")).size();
	}

	/**
	 * A SquareCB model in which each of {@code candidates} candidates was learned in {@code regions} regions, over
	 * every cpu, memory and latency bucket when {@code everyBucket}, with every objective and risk signal when
	 * {@code signals}, else with the reward alone.
	 */
	private static Policy squareCb(int candidates, int regions, boolean everyBucket, boolean signals) {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1, candidates);
		SplittableRandom random = new SplittableRandom(1);
		List<Action> actions = new ArrayList<>();
		for (int i = 0; i < candidates; i++) {
			actions.add(new Action("provider-" + i, "sku-" + i));
		}
		int contexts = everyBucket ? Math.max(regions, 24) : regions;
		for (Action action : actions) {
			for (int k = 0; k < contexts; k++) {
				Features f = everyBucket
						? new Features("region-" + k % regions, CPUS[k % 6], 8 << ((k + 3) % 6), LATENCIES[k % 4], 0.7, 0.8)
						: new Features("region-" + k, 8, 32, 60, 0.7, 0.8);
				Map<String, Double> learned = !signals ? Map.of() : Map.of("latency", random.nextDouble(), "cost", random.nextDouble(),
						"reliability", random.nextDouble(), "latency_ms", 200 * random.nextDouble(), "slo", random.nextDouble());
				model.learn(new Transition(f, 0, action, random.nextDouble(), f, List.of(action), learned));
			}
		}
		return model;
	}

	/** A Q-table over the JMH benchmark's 100,000 contexts, each with five candidates learned. */
	private static Policy qTableOfFive() {
		EpsilonGreedyQTable table = new EpsilonGreedyQTable(0.1, 0.2, 0.92, 1, 0, 512, 1_000_000);
		List<Action> actions = List.of(new Action("akash", "A8"), new Action("vast", "V4"), new Action("ionet", "H100"),
				new Action("render", "R1"), new Action("lambda", "L1"));
		SplittableRandom random = new SplittableRandom(1);
		for (int s = 0; s < StrategistBenchmarks.STATES; s++) {
			Features f = Featurizer.features(Map.of("region", "region-" + s / 144, "cpu", CPUS[s % 6], "memory_gb",
					8 << (s / 6 % 6), "latency_ms", LATENCIES[s / 36 % 4]), 0.7, 0.8);
			for (int a = 0; a < actions.size(); a++) {
				table.learn(new Transition(f, a, actions.get(a), random.nextDouble(), f, actions));
			}
		}
		return table;
	}

	/** A Q-table of 200,000 states (one region each) with one candidate learned in each. */
	private static Policy qTableOfOne() {
		EpsilonGreedyQTable table = new EpsilonGreedyQTable(0.1, 0.2, 0.92, 1, 0, 512, 1_000_000);
		List<Action> one = List.of(new Action("akash", "A8"));
		SplittableRandom random = new SplittableRandom(1);
		for (int s = 0; s < 200_000; s++) {
			Features f = Featurizer.features(Map.of("region", "r" + s, "cpu", 8, "memory_gb", 32, "latency_ms", 100), 0.7,
					0.8);
			table.learn(new Transition(f, 0, one.get(0), random.nextDouble(), f, one));
		}
		return table;
	}

	/**
	 * The least heap in use over eight full collections 50 ms apart: what a collection cannot free at once (such as
	 * what waits for a reference-handling thread) is freed by a later one, and stopping at the first collection that
	 * frees nothing left megabytes of an earlier shape's garbage in the next one's baseline.
	 */
	private static long settledHeap() {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 8; i++) {
			System.gc();
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while the heap settled", ex);
			}
			least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
		}
		return least;
	}

}
