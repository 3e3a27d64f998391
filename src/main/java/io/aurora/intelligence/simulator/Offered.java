package io.aurora.intelligence.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.aurora.intelligence.strategist.Action;

/**
 * What a request's candidates offer at one step of a simulation: the offerings, their actions, their expected rewards
 * (which only the simulation knows) and the cheapest of them, as every simulation reads a request.
 *
 * @param offerings the candidates' offerings at this step, in the request's order
 * @param actions their actions, as a policy chooses among them
 * @param expected each one's expected reward for the request
 * @param cheapest the position of the one with the lowest price per hour (the first of a tie)
 */
record Offered(List<Offering> offerings, List<Action> actions, double[] expected, int cheapest) {

	/** Reads request {@code r}'s candidates at step {@code t}, one offering each, in order. */
	static Offered at(Workload workload, Market market, Request r, int t) {
		int k = r.candidates().size();
		List<Offering> offerings = new ArrayList<>(k);
		List<Action> actions = new ArrayList<>(k);
		double[] expected = new double[k];
		for (int i = 0; i < k; i++) {
			Offering o = workload.offering(r.candidates().get(i), t);
			offerings.add(o);
			actions.add(o.action());
			expected[i] = market.expectedReward(r, o);
		}
		return new Offered(offerings, actions, expected, cheapest(offerings, Offering::pricePerHour));
	}

	/** The position of the item with the lowest {@code price}, the first of a tie. */
	static <T> int cheapest(List<T> items, ToDoubleFunction<T> price) {
		int cheapest = 0;
		for (int i = 1; i < items.size(); i++) {
			cheapest = price.applyAsDouble(items.get(i)) < price.applyAsDouble(items.get(cheapest)) ? i : cheapest;
		}
		return cheapest;
	}

	/** The best expected reward among them. */
	double best() {
		double best = Double.NEGATIVE_INFINITY;
		for (double e : expected) {
			best = Math.max(best, e);
		}
		return best;
	}

}
