package io.aurora.intelligence.simulator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The canary that docs/MOVING-FROM-RULES.md describes, against the simulator's ground truth: the service places a
 * share of the decisions ({@code squarecb}, its samples), hand-written rules place the rest (the cheapest candidate)
 * as shadow decisions, and the live model learns from both. {@code POST /evaluations} then estimates ε-greedy over a
 * model fitted on the log; it checks what fitting on the shadow decisions too, as the service does, changes in the
 * fitted target's true value and in the estimates' intervals, and what the rules earned on the same decisions, paired
 * with what the service's own decisions earned ({@code "baseline": "logged"}).
 */
final class CanarySimulation {

	/** The share of decisions the service places in the canary. */
	static final double CANARY_SHARE = 0.1;

	private CanarySimulation() {
	}

	/** The name of the rules' result, which has no estimates. */
	static final String RULES = "the rules (the cheapest candidate)";

	/** The name of the rules' paired comparison with what the service's canary decisions earned. */
	static final String RULES_VERSUS_LOGGED = "the rules minus what the service's decisions earned, paired";

	/**
	 * The rules' true value, then the fitted targets' results, samples only and with the shadow decisions, then the
	 * rules' paired comparison with what the service's decisions earned.
	 */
	static Map<String, OffPolicySimulation.Result> run(int steps, long seed, PrintStream print) {
		return run(steps, seed, false, print);
	}

	/** As {@link #run(int, long, PrintStream)}, on a market drawn from the seed when {@code drawn}. */
	static Map<String, OffPolicySimulation.Result> run(int steps, long seed, boolean drawn, PrintStream print) {
		Market market = drawn ? Market.drawn(seed) : new Market();
		Workload workload = new Workload(Scenario.STATIONARY, seed, steps, market);
		Policy live = model();
		SplittableRandom random = new SplittableRandom(seed + 1);
		List<LoggedDecision> log = new ArrayList<>();
		List<double[]> expected = new ArrayList<>();
		double rulesTruth = 0;
		double loggedTruth = 0;
		// The stationary market's offerings never change: their prices are the catalogue's.
		Map<Action, Double> prices = new HashMap<>();
		market.catalogue().forEach(o -> prices.put(o.action(), o.pricePerHour()));
		for (int t = 0; t < steps; t++) {
			Request r = workload.request(t);
			Offered offered = Offered.at(workload, market, r, t);
			List<Action> actions = offered.actions();
			double[] e = offered.expected();
			int cheapest = offered.cheapest();
			Features f = Featurizer.features(r.context(), r.coherence(), r.density());
			boolean canary = random.nextDouble() < CANARY_SHARE;
			Choice c = live.choose(f, actions, random);
			int ran = canary ? c.index() : cheapest;
			double reward = RewardFunction.reward(market.draw(r, offered.offerings().get(ran), new SplittableRandom(seed * 7_919 + t)))
				.total();
			live.learn(new Transition(f, ran, actions.get(ran), reward, f, actions));
			log.add(canary ? new LoggedDecision(f, actions, ran, c.propensity(), reward) : shadow(f, actions, ran, reward));
			if (canary) {
				expected.add(e);
				rulesTruth += e[cheapest];
				loggedTruth += e[c.index()];
			}
		}
		List<LoggedDecision> samples = log.stream().filter(d -> !d.shadow()).toList();
		int[] fold = OffPolicyEvaluator.folds(samples.size());
		print.printf(Locale.ROOT, "%ncanary on %d decisions, seed %d: the service placed %d (%.0f%%), rules that take the "
				+ "cheapest candidate placed the rest as shadow decisions%n", steps, seed, samples.size(), CANARY_SHARE * 100);
		print.printf(Locale.ROOT, "the rules' true value on the service's decisions: %.4f%n", rulesTruth / samples.size());
		Map<String, OffPolicySimulation.Result> results = new LinkedHashMap<>();
		results.put(RULES, new OffPolicySimulation.Result(rulesTruth / samples.size(), List.of()));
		Map<String, List<LoggedDecision>> fittedOn = new LinkedHashMap<>();
		fittedOn.put("epsilon-greedy 0.1 fitted on the service's decisions only", samples);
		fittedOn.put("epsilon-greedy 0.1 fitted on the shadow decisions too", log);
		for (Map.Entry<String, List<LoggedDecision>> variant : fittedOn.entrySet()) {
			TargetPolicy[] target = OffPolicyEvaluator.crossFitted(variant.getValue(),
					half -> TargetPolicy.epsilonGreedy(fitted(half), 0.1));
			double truth = truth(samples, expected, target, fold);
			Evaluation evaluation = OffPolicyEvaluator.evaluate(variant.getValue(), target,
					CanarySimulation::model);
			results.put(variant.getKey(), new OffPolicySimulation.Result(truth, evaluation.estimates()));
			print.printf(Locale.ROOT, "%s: true value %.4f, effective sample size %.0f, mean weight %.3f%n", variant.getKey(),
					truth, evaluation.effectiveSampleSize(), evaluation.meanWeight());
			OffPolicySimulation.printEstimates(evaluation.estimates(), truth, print);
		}
		// The rules as a target (the cheapest candidate, from the prices the scheduler knows) against the service's own
		// decisions, with the shadow decisions in the log training the reward models, as POST /evaluations does.
		TargetPolicy cheapest = (features, offered) -> {
			double[] p = new double[offered.size()];
			p[Offered.cheapest(offered, a -> prices.getOrDefault(a, Double.POSITIVE_INFINITY))] = 1;
			return p;
		};
		double truth = (rulesTruth - loggedTruth) / samples.size();
		OffPolicyEvaluator.Versus versus = PairedComparison.versusLogged(log, new TargetPolicy[] { cheapest, cheapest },
				CanarySimulation::model);
		results.put(RULES_VERSUS_LOGGED, new OffPolicySimulation.Result(truth, List.of(versus.difference())));
		print.printf(Locale.ROOT, "%s: true difference %.4f, over %d decisions%n", RULES_VERSUS_LOGGED, truth,
				versus.samples());
		OffPolicySimulation.printEstimates(List.of(versus.difference()), truth, print);
		return results;
	}

	private static LoggedDecision shadow(Features f, List<Action> actions, int ran, double reward) {
		return new LoggedDecision(f, actions, ran, Double.NaN, reward, true);
	}

	/** The mean over the service's decisions of the target's expected reward, each scored by its half's target. */
	static double truth(List<LoggedDecision> samples, List<double[]> expected, TargetPolicy[] target, int[] fold) {
		double truth = 0;
		for (int i = 0; i < samples.size(); i++) {
			double[] p = target[fold[i]].probabilities(samples.get(i).features(), samples.get(i).actions());
			for (int a = 0; a < p.length; a++) {
				truth += p[a] * expected.get(i)[a];
			}
		}
		return truth / samples.size();
	}

	static Policy fitted(List<LoggedDecision> decisions) {
		Policy model = model();
		for (LoggedDecision d : decisions) {
			model.learn(new Transition(d.features(), d.chosen(), d.actions().get(d.chosen()), d.reward(), d.features(),
					d.actions()));
		}
		return model;
	}

	static Policy model() {
		return new SquareCb(10, 2000, 0.995, 1);
	}

}
