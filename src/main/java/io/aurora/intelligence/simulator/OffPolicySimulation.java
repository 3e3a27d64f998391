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
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.SquareCb;
import io.aurora.intelligence.strategist.Transition;

/**
 * Checks offline evaluation against the simulator's ground truth: the default policy logs decisions
 * with their propensities on the stationary market; IPS, SNIPS and DR then estimate what other
 * policies would have earned on those decisions, and the hidden expected rewards give the true value. It also
 * checks the paired difference {@code POST /evaluations} answers for a baseline.
 */
final class OffPolicySimulation {

	private OffPolicySimulation() {
	}

	/** The estimates and the true value of each target policy, in the order printed. */
	static Map<String, Result> run(int steps, long seed, PrintStream print) {
		return run(steps, seed, false, print);
	}

	/** As {@link #run(int, long, PrintStream)}, on a market drawn from the seed when {@code drawn}. */
	static Map<String, Result> run(int steps, long seed, boolean drawn, PrintStream print) {
		Market market = drawn ? Market.drawn(seed) : new Market();
		Workload workload = new Workload(Scenario.STATIONARY, seed, steps, market);
		Policy logger = new SquareCb(10, 2000, 0.995, 1);
		SplittableRandom random = new SplittableRandom(seed);
		List<LoggedDecision> log = new ArrayList<>();
		List<double[]> expected = new ArrayList<>();
		double loggedTruth = 0;
		for (int t = 0; t < steps; t++) {
			Request r = workload.request(t);
			Offered offered = Offered.at(workload, market, r, t);
			List<Action> actions = offered.actions();
			double[] e = offered.expected();
			Features f = Featurizer.features(r.context(), r.coherence(), r.density());
			Choice c = logger.choose(f, actions, random);
			double reward = RewardFunction.reward(market.draw(r, offered.offerings().get(c.index()), new SplittableRandom(seed * 7_919 + t))).total();
			logger.learn(new Transition(f, c.index(), c.action(), reward, f, actions));
			log.add(new LoggedDecision(f, actions, c.index(), c.propensity(), reward));
			expected.add(e);
			loggedTruth += e[c.index()];
		}
		Map<String, TargetPolicy[]> targets = new LinkedHashMap<>();
		targets.put("uniform random", new TargetPolicy[] { TargetPolicy.uniform(), TargetPolicy.uniform() });
		targets.put("epsilon-greedy 0.1 over the logs' model",
				OffPolicyEvaluator.crossFitted(log, fold -> TargetPolicy.epsilonGreedy(fitted(fold), 0.1)));
		targets.put("epsilon-greedy 0.5 over the logs' model",
				OffPolicyEvaluator.crossFitted(log, fold -> TargetPolicy.epsilonGreedy(fitted(fold), 0.5)));
		Map<String, Result> results = new LinkedHashMap<>();
		print.printf(Locale.ROOT, "%noff-policy evaluation on %d decisions logged by squarecb, seed %d%s%n", steps, seed,
				drawn ? ", market drawn from the seed" : "");
		int[] fold = OffPolicyEvaluator.folds(log.size());
		for (Map.Entry<String, TargetPolicy[]> target : targets.entrySet()) {
			double truth = truth(log, expected, target.getValue(), fold);
			Evaluation evaluation = OffPolicyEvaluator.evaluate(log, target.getValue(),
					() -> new SquareCb(10, 2000, 0.995, 1));
			results.put(target.getKey(), new Result(truth, evaluation.estimates()));
			print.printf(Locale.ROOT, "%s: true value %.4f, effective sample size %.0f%n", target.getKey(), truth,
					evaluation.effectiveSampleSize());
			printEstimates(evaluation.estimates(), truth, print);
		}
		// What POST /evaluations' baseline answers: a paired difference, against its true value.
		TargetPolicy[] greedy = targets.get("epsilon-greedy 0.1 over the logs' model");
		for (String baseline : List.of("uniform random", "epsilon-greedy 0.5 over the logs' model")) {
			TargetPolicy[] base = targets.get(baseline);
			double truth = results.get("epsilon-greedy 0.1 over the logs' model").truth() - results.get(baseline).truth();
			OffPolicyEvaluator.Estimate difference = PairedComparison.difference(log, greedy, base,
					() -> new SquareCb(10, 2000, 0.995, 1));
			String name = "epsilon-greedy 0.1 minus " + baseline + ", paired";
			results.put(name, new Result(truth, List.of(difference)));
			print.printf(Locale.ROOT, "%s: true difference %.4f%n", name, truth);
			printEstimates(List.of(difference), truth, print);
		}
		// What baseline logged answers: against what the logging policy's own choices earned, whose true value is the
		// mean expected reward of the candidates it chose.
		double versusLogger = results.get("epsilon-greedy 0.1 over the logs' model").truth() - loggedTruth / steps;
		OffPolicyEvaluator.Versus logged = PairedComparison.versusLogged(log, greedy, () -> new SquareCb(10, 2000, 0.995, 1));
		String name = "epsilon-greedy 0.1 minus the logging squarecb as it ran, paired";
		results.put(name, new Result(versusLogger, List.of(logged.difference())));
		print.printf(Locale.ROOT, "%s: true difference %.4f%n", name, versusLogger);
		printEstimates(List.of(logged.difference()), versusLogger, print);
		return results;
	}

	/**
	 * The mean over the logged contexts of the target's expected reward, each decision scored by its half's target
	 * ({@code fold}, as {@link OffPolicyEvaluator#folds} deals them).
	 */
	private static double truth(List<LoggedDecision> log, List<double[]> expected, TargetPolicy[] target, int[] fold) {
		double truth = 0;
		for (int i = 0; i < log.size(); i++) {
			double[] p = target[fold[i]].probabilities(log.get(i).features(), log.get(i).actions());
			for (int a = 0; a < p.length; a++) {
				truth += p[a] * expected.get(i)[a];
			}
		}
		return truth / log.size();
	}

	static void printEstimates(List<OffPolicyEvaluator.Estimate> estimates, double truth, PrintStream print) {
		for (OffPolicyEvaluator.Estimate e : estimates) {
			print.printf(Locale.ROOT, "  %-5s %.4f  [%.4f, %.4f]%s%n", e.estimator(), e.value(), e.low(), e.high(),
					e.low() <= truth && truth <= e.high() ? "" : "  (misses the true value)");
		}
	}

	/** The logs' reward model, fitted on {@code fold} oldest decision first. */
	private static Policy fitted(List<LoggedDecision> fold) {
		Policy model = new SquareCb(10, 2000, 0.995, 1);
		for (LoggedDecision d : fold) {
			model.learn(new Transition(d.features(), d.chosen(), d.actions().get(d.chosen()), d.reward(), d.features(), d.actions()));
		}
		return model;
	}

	/** A target policy's true value and its estimates, or a paired difference's true value and its estimate. */
	record Result(double truth, List<OffPolicyEvaluator.Estimate> estimates) {
	}

}
