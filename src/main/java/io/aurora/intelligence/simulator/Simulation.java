package io.aurora.intelligence.simulator;

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
			Offered offered = Offered.at(workload, market, r, t);
			List<Action> actions = offered.actions();
			double[] expected = offered.expected();
			double best = offered.best();
			if (policy instanceof Baselines.Oracle oracle) {
				oracle.reveal(expected);
			}
			if (policy instanceof Baselines.Rules rules) {
				rules.show(r, offered.offerings());
			}
			Features features = Featurizer.features(r.context(), r.coherence(), r.density());
			Choice choice = policy.choose(features, actions, choices);
			regret[t] = best - expected[choice.index()];
			Outcome outcome = market.draw(r, offered.offerings().get(choice.index()), new SplittableRandom(seed * 7_919 + t));
			double reward = RewardFunction.reward(outcome).total();
			policy.learn(new Transition(features, choice.index(), choice.action(), reward, features, actions));
		}
		return regret;
	}

}
