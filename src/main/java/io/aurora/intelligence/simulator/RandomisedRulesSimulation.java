package io.aurora.intelligence.simulator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.aurora.intelligence.auditor.RewardFunction;
import io.aurora.intelligence.evaluation.Evaluation;
import io.aurora.intelligence.evaluation.LoggedDecision;
import io.aurora.intelligence.evaluation.OffPolicyEvaluator;
import io.aurora.intelligence.evaluation.PairedComparison;
import io.aurora.intelligence.evaluation.TargetPolicy;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;

/**
 * Shadow mode with rules that pick at random, against the simulator's ground truth: the rules place every decision,
 * taking the cheapest candidate with probability {@value #CHEAPEST_SHARE} (or as set) and otherwise any candidate alike, and each
 * feedback gives the propensity ({@code ran.propensity}). {@code POST /evaluations} can then estimate ε-greedy over a
 * model fitted on the log before the service places anything; this checks those estimates against the target's true
 * value, beside the rules' own, and the paired difference {@code "baseline": "rules"} gives against the true one.
 */
final class RandomisedRulesSimulation {

	/** How often the rules take the cheapest candidate by default; otherwise they pick among all alike. */
	static final double CHEAPEST_SHARE = 0.7;

	/** The name of the rules' result, which has no estimates. */
	static final String RULES = "the randomised rules";

	/** The name of the fitted target's result. */
	static final String TARGET = "epsilon-greedy 0.1 fitted on the rules' decisions";

	/** The name of the target's paired difference from the rules ({@code "baseline": "rules"}). */
	static final String VERSUS = "that target minus the rules, paired";

	private RandomisedRulesSimulation() {
	}

	/** The rules' true value, then the fitted target's true value and estimates, then its true lead and the paired one. */
	static Map<String, OffPolicySimulation.Result> run(int steps, long seed, PrintStream print) {
		return run(steps, seed, CHEAPEST_SHARE, false, print);
	}

	/** As {@link #run(int, long, PrintStream)}, with rules that take the cheapest candidate {@code cheapestShare} of the time. */
	static Map<String, OffPolicySimulation.Result> run(int steps, long seed, double cheapestShare, boolean drawn,
			PrintStream print) {
		Market market = drawn ? Market.drawn(seed) : new Market();
		Workload workload = new Workload(Scenario.STATIONARY, seed, steps, market);
		SplittableRandom random = new SplittableRandom(seed + 2);
		List<LoggedDecision> log = new ArrayList<>();
		List<double[]> expected = new ArrayList<>();
		double rulesTruth = 0;
		for (int t = 0; t < steps; t++) {
			Request r = workload.request(t);
			Offered offered = Offered.at(workload, market, r, t);
			List<Action> actions = offered.actions();
			int k = actions.size();
			double[] e = offered.expected();
			int cheapest = offered.cheapest();
			double[] p = new double[k];
			int ran = random.nextDouble() < cheapestShare ? cheapest : random.nextInt(k);
			for (int i = 0; i < k; i++) {
				p[i] = (1 - cheapestShare) / k + (i == cheapest ? cheapestShare : 0);
				rulesTruth += p[i] * e[i];
			}
			Features f = Featurizer.features(r.context(), r.coherence(), r.density());
			double reward = RewardFunction.reward(market.draw(r, offered.offerings().get(ran), new SplittableRandom(seed * 7_919 + t)))
				.total();
			log.add(LoggedDecision.ruled(f, actions, ran, p[ran], reward));
			expected.add(e);
		}
		print.printf(Locale.ROOT, "%nshadow mode on %d decisions, seed %d: rules that take the cheapest candidate %.0f%% of "
				+ "the time and any other alike, each feedback giving its propensity%n", steps, seed, cheapestShare * 100);
		print.printf(Locale.ROOT, "%s: true value %.4f%n", RULES, rulesTruth / steps);
		Map<String, OffPolicySimulation.Result> results = new LinkedHashMap<>();
		results.put(RULES, new OffPolicySimulation.Result(rulesTruth / steps, List.of()));
		TargetPolicy[] target = OffPolicyEvaluator.crossFitted(log,
				half -> TargetPolicy.epsilonGreedy(CanarySimulation.fitted(half), 0.1));
		double truth = CanarySimulation.truth(log, expected, target, OffPolicyEvaluator.folds(log.size()));
		Evaluation evaluation = OffPolicyEvaluator.evaluate(log, target, CanarySimulation::model);
		results.put(TARGET, new OffPolicySimulation.Result(truth, evaluation.estimates()));
		print.printf(Locale.ROOT, "%s: true value %.4f, effective sample size %.0f, mean weight %.3f%n", TARGET, truth,
				evaluation.effectiveSampleSize(), evaluation.meanWeight());
		OffPolicySimulation.printEstimates(evaluation.estimates(), truth, print);
		OffPolicyEvaluator.Versus versus = PairedComparison.versusRules(log, target, CanarySimulation::model);
		double lead = truth - rulesTruth / steps;
		results.put(VERSUS, new OffPolicySimulation.Result(lead, List.of(versus.difference())));
		print.printf(Locale.ROOT, "%s: true difference %.4f, on %d decisions%s%n", VERSUS, lead, versus.samples(),
				versus.supported() ? "" : ", not supported");
		OffPolicySimulation.printEstimates(List.of(versus.difference()), lead, print);
		return results;
	}

}
