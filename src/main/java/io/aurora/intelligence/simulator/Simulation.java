package io.aurora.intelligence.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.aurora.intelligence.auditor.Outcome;
import io.aurora.intelligence.auditor.RewardFunction;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Transition;

/**
 * Runs one policy through a workload in-process, with the service's own featuriser, policy and reward
 * function: featurise the request, choose, draw the outcome from the hidden market, score it, learn.
 * Outcome draws are seeded by step, so every policy meets the same luck.
 */
final class Simulation {

	private final Market market;

	private final Workload workload;

	private final long seed;

	Simulation(Market market, Workload workload, long seed) {
		this.market = market;
		this.workload = workload;
		this.seed = seed;
	}

	/** Runs {@code policy} over every step and returns the regret of each decision. */
	double[] run(Policy policy) {
		int steps = workload.steps();
		double[] regret = new double[steps];
		SplittableRandom choices = new SplittableRandom(seed * 31 + policy.name().hashCode());
		for (int t = 0; t < steps; t++) {
			Request r = workload.request(t);
			List<Offering> offered = new ArrayList<>(r.candidates().size());
			List<Action> actions = new ArrayList<>(r.candidates().size());
			double[] expected = new double[r.candidates().size()];
			double best = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < expected.length; i++) {
				Offering o = workload.offering(r.candidates().get(i), t);
				offered.add(o);
				actions.add(o.action());
				expected[i] = market.expectedReward(r, o);
				best = Math.max(best, expected[i]);
			}
			if (policy instanceof Baselines.Oracle oracle) {
				oracle.reveal(expected);
			}
			Features features = Featurizer.features(r.context(), r.coherence(), r.density());
			Choice choice = policy.choose(features, actions, choices);
			regret[t] = best - expected[choice.index()];
			Outcome outcome = market.draw(r, offered.get(choice.index()), new SplittableRandom(seed * 7_919 + t));
			double reward = RewardFunction.reward(outcome).total();
			policy.learn(new Transition(features, choice.index(), choice.action(), reward, features, actions));
		}
		return regret;
	}

}
