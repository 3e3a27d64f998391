package io.aurora.intelligence.simulator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.aurora.intelligence.auditor.Outcome;
import io.aurora.intelligence.auditor.Reward;
import io.aurora.intelligence.auditor.RewardFunction;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Objectives;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.SquareCb;
import io.aurora.intelligence.strategist.Transition;

/**
 * Tenants who value the objectives differently share one service: a latency-bound inference tenant, a
 * cost-bound batch tenant and one with the seed's balance. A tenant's regret is the best expected
 * utility (its weighted latency, cost and reliability scores) among the offered candidates minus that
 * of the chosen one. Compares per-request objectives with one scalarised policy, on the same requests
 * and outcome luck; both learn from every tenant's feedback.
 */
final class TenantSimulation {

	static final Map<String, Map<String, Double>> TENANTS = tenants();

	private static Map<String, Map<String, Double>> tenants() {
		Map<String, Map<String, Double>> t = new LinkedHashMap<>();
		t.put("inference", Map.of("latency", 0.7, "cost", 0.1, "reliability", 0.2));
		t.put("batch", Map.of("latency", 0.1, "cost", 0.7, "reliability", 0.2));
		t.put("balanced", Map.of("latency", 0.4, "cost", 0.3, "reliability", 0.3));
		return t;
	}

	private TenantSimulation() {
	}

	/** Runs both ways of choosing and prints, per tenant, their mean regret; returns the Markdown table. */
	static String run(int steps, long seed, PrintStream print) {
		Market market = new Market();
		Workload workload = new Workload(Scenario.STATIONARY, seed, steps, market);
		List<String> names = new ArrayList<>(TENANTS.keySet());
		double[][] perRequest = simulate(market, workload, seed, names, true);
		double[][] scalar = simulate(market, workload, seed, names, false);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"### tenants (%d decisions, seed %d)%n%n| tenant | weights (latency/cost/reliability) | per-request objectives | one scalarised policy | ratio |%n|---|---|---:|---:|---:|%n",
				steps, seed));
		print.printf(Locale.ROOT, "%ntenants, %d decisions, seed %d: mean regret in each tenant's own utility%n", steps, seed);
		print.printf(Locale.ROOT, "%-10s %14s %14s %8s%n", "tenant", "per-request", "scalarised", "ratio");
		for (int t = 0; t < names.size(); t++) {
			double a = perRequest[t][0] / perRequest[t][1];
			double b = scalar[t][0] / scalar[t][1];
			Map<String, Double> w = TENANTS.get(names.get(t));
			print.printf(Locale.ROOT, "%-10s %14.4f %14.4f %7.0f%%%n", names.get(t), a, b, 100 * a / b);
			md.append(String.format(Locale.ROOT, "| %s | %.1f / %.1f / %.1f | %.4f | %.4f | %.0f%% |%n", names.get(t),
					w.get("latency"), w.get("cost"), w.get("reliability"), a, b, 100 * a / b));
		}
		return md.toString();
	}

	/** Per tenant: total regret and number of decisions. */
	private static double[][] simulate(Market market, Workload workload, long seed, List<String> names, boolean objectives) {
		Policy policy = new SquareCb(10, 2000, 0.995, 1);
		SplittableRandom choices = new SplittableRandom(seed * 17 + (objectives ? 1 : 2));
		double[][] totals = new double[names.size()][2];
		for (int step = 0; step < workload.steps(); step++) {
			Request r = workload.request(step);
			int tenant = (int) Math.floorMod(seed * 31 + step * 7L, names.size());
			Map<String, Double> weights = Objectives.normalise(TENANTS.get(names.get(tenant)));
			List<Offering> offered = new ArrayList<>();
			List<Action> actions = new ArrayList<>();
			double best = Double.NEGATIVE_INFINITY;
			double[] utility = new double[r.candidates().size()];
			for (int i = 0; i < utility.length; i++) {
				Offering o = workload.offering(r.candidates().get(i), step);
				offered.add(o);
				actions.add(o.action());
				double[] e = market.expectedObjectives(r, o);
				utility[i] = weights.getOrDefault("latency", 0.0) * e[0] + weights.getOrDefault("cost", 0.0) * e[1]
						+ weights.getOrDefault("reliability", 0.0) * e[2];
				best = Math.max(best, utility[i]);
			}
			Features features = Featurizer.features(r.context(), r.coherence(), r.density());
			Choice choice = objectives ? policy.choose(features, actions, weights, choices)
					: policy.choose(features, actions, choices);
			totals[tenant][0] += best - utility[choice.index()];
			totals[tenant][1]++;
			Outcome outcome = market.draw(r, offered.get(choice.index()), new SplittableRandom(seed * 7_919 + step));
			Reward reward = RewardFunction.reward(outcome);
			policy.learn(new Transition(features, choice.index(), choice.action(), reward.total(), features, actions,
					RewardFunction.objectives(reward.components())));
		}
		return totals;
	}

}
