package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;

import io.aurora.intelligence.store.EvaluationRow;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.SquareCb;
import io.aurora.intelligence.strategist.Transition;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Evaluates a target policy on the service's own logged decisions. Decisions placed by failover, and
 * the refusals logged for them, are left out: the logging policy did not choose what was placed.
 */
@Service
public class Evaluations {

	/** The most decisions one evaluation reads. */
	public static final int MAX_LIMIT = 100_000;

	private final TraceStore store;

	Evaluations(TraceStore store) {
		this.store = store;
	}

	/**
	 * Evaluates {@code uniform} or {@code epsilon-greedy} (with {@code epsilon}, over a SquareCB model
	 * fitted on the same log) on the newest {@code limit} decisions with feedback.
	 * @throws IllegalArgumentException for an unknown policy or a log too small to evaluate
	 */
	public OffPolicyEvaluator.Evaluation evaluate(String policy, double epsilon, int limit) {
		List<LoggedDecision> log = new ArrayList<>();
		for (EvaluationRow row : store.evaluationLog(limit)) {
			LoggedDecision d = decision(row);
			if (d != null) {
				log.add(d);
			}
		}
		TargetPolicy target = switch (policy) {
			case "uniform" -> TargetPolicy.uniform();
			case "epsilon-greedy" -> TargetPolicy.epsilonGreedy(fitted(log), epsilon);
			default -> throw new IllegalArgumentException("unknown policy '" + policy + "'; use uniform or epsilon-greedy");
		};
		return OffPolicyEvaluator.evaluate(log, target, Evaluations::model);
	}

	private static Policy model() {
		return new SquareCb(10, 2000, 0.995, 1);
	}

	private static Policy fitted(List<LoggedDecision> log) {
		Policy model = model();
		for (int i = log.size() - 1; i >= 0; i--) {
			LoggedDecision d = log.get(i);
			model.learn(new Transition(d.features(), d.chosen(), d.actions().get(d.chosen()), d.reward(), d.features(), d.actions()));
		}
		return model;
	}

	private static @Nullable LoggedDecision decision(EvaluationRow row) {
		if (Boolean.TRUE.equals(row.router().get("refused")) || row.router().get("attempts") instanceof List<?> a && a.size() > 1
				|| !(row.propensity() > 0)) {
			return null;
		}
		List<Action> actions = Action.of(row.candidates());
		int chosen = actions.indexOf(new Action(row.provider(), row.sku()));
		if (chosen < 0) {
			return null;
		}
		Features features = Featurizer.fromTrace(row.context(), row.psi());
		return new LoggedDecision(features, actions, chosen, row.propensity(), row.reward());
	}

}
