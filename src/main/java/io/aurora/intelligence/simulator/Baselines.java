package io.aurora.intelligence.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Transition;
import org.jspecify.annotations.Nullable;

/** Reference policies for the benchmark: uniform random, hand-written rules and the oracle. */
final class Baselines {

	private Baselines() {
	}

	/** A policy that learns nothing and estimates nothing. */
	private abstract static class Unlearning implements Policy {

		@Override
		public void learn(Transition transition) {
		}

		@Override
		public double estimate(Features features, Action action) {
			return 0;
		}

		@Override
		public ModelStats stats() {
			return new ModelStats(0, 0, 0);
		}

		@Override
		public Map<String, Object> parameters() {
			return Map.of();
		}

	}

	/** Chooses uniformly at random and learns nothing. */
	static final class UniformRandom extends Unlearning {

		@Override
		public String name() {
			return "random";
		}

		@Override
		public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
			int i = random.nextInt(actions.size());
			return new Choice(i, actions.get(i), 0, 1.0 / actions.size(), true);
		}

	}

	/**
	 * Hand-written rules of the kind a scheduler runs before it has a learned policy, on what a candidate's metadata
	 * tells (its region, price and size, never its hidden latency or failure rate); they learn nothing, and a tie goes
	 * to the first candidate listed.
	 */
	static final class Rules extends Unlearning {

		/** What the rules prefer. */
		enum Kind {

			/** The cheapest candidate. */
			CHEAPEST("rules-cheapest"),

			/** The cheapest in the job's region, or the cheapest when none is there. */
			LOCAL("rules-local"),

			/**
			 * The cheapest in the job's region that is sized for the job (its size at least the job's cpu), then the
			 * cheapest sized for it anywhere, then the largest.
			 */
			FIT("rules-fit");

			private final String label;

			Kind(String label) {
				this.label = label;
			}

			/** The rules named {@code label} ({@code rules-fit}, say), if there are any. */
			static Optional<Kind> named(String label) {
				return Arrays.stream(values()).filter(kind -> kind.label.equals(label.strip())).findFirst();
			}

		}

		private final Kind kind;

		private @Nullable Request request;

		private List<Offering> offerings = List.of();

		Rules(Kind kind) {
			this.kind = kind;
		}

		/** Shows the rules the request and the metadata of the candidates about to be offered, in order. */
		void show(Request request, List<Offering> offerings) {
			this.request = request;
			this.offerings = offerings;
		}

		@Override
		public String name() {
			return kind.label;
		}

		@Override
		public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
			Request r = Objects.requireNonNull(request, "show the rules the request first");
			int i = switch (kind) {
				case CHEAPEST -> cheapest(o -> true);
				case LOCAL -> orElse(cheapest(o -> o.home().equals(r.region())), cheapest(o -> true));
				case FIT -> orElse(orElse(cheapest(o -> o.home().equals(r.region()) && o.comfortableCpu() >= r.cpu()),
						cheapest(o -> o.comfortableCpu() >= r.cpu())), largest());
			};
			return new Choice(i, actions.get(i), 0, 1, false);
		}

		/** The position of the cheapest offering that {@code eligible} accepts, or -1. */
		private int cheapest(Predicate<Offering> eligible) {
			int found = -1;
			for (int i = 0; i < offerings.size(); i++) {
				Offering o = offerings.get(i);
				if (eligible.test(o) && (found < 0 || o.pricePerHour() < offerings.get(found).pricePerHour())) {
					found = i;
				}
			}
			return found;
		}

		private int largest() {
			int found = 0;
			for (int i = 1; i < offerings.size(); i++) {
				found = offerings.get(i).comfortableCpu() > offerings.get(found).comfortableCpu() ? i : found;
			}
			return found;
		}

		private static int orElse(int found, int otherwise) {
			return found >= 0 ? found : otherwise;
		}

	}

	/** Knows the hidden expected rewards of the current request and always takes the best: zero regret. */
	static final class Oracle extends Unlearning {

		private double[] expected = new double[0];

		/** Shows the oracle the expected rewards of the candidates about to be offered. */
		void reveal(double[] expectedRewards) {
			this.expected = expectedRewards;
		}

		@Override
		public String name() {
			return "oracle";
		}

		@Override
		public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
			int best = 0;
			for (int i = 1; i < actions.size(); i++) {
				best = expected[i] > expected[best] ? i : best;
			}
			return new Choice(best, actions.get(best), expected[best], 1, false);
		}

	}

}
