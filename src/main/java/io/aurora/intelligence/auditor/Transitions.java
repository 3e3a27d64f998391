package io.aurora.intelligence.auditor;

import java.util.List;
import java.util.Map;

import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Transition;

/** Builds the transitions the model learns from, the same way for fresh feedback and for the replayed log. */
final class Transitions {

	private Transitions() {
	}

	/** The transition a logged feedback entry teaches, with the Ψ reading that followed it when one was logged. */
	static Transition of(LoggedFeedback entry) {
		Features features = Featurizer.fromTrace(entry.context(), entry.psi());
		Features next = entry.nextCoherence() == null || entry.nextDensity() == null ? features
				: features.withPsi(entry.nextCoherence(), entry.nextDensity());
		return of(features, entry.provider(), entry.sku(), entry.reward(),
				RewardFunction.signals(entry.components(), entry.outcome(), entry.refused()), next, entry.candidates());
	}

	/** The transition the model learns from: the chosen candidate's position is found among the candidates. */
	static Transition of(Features features, String provider, String sku, double reward,
			Map<String, Double> objectives, Features next, List<Map<String, Object>> candidates) {
		List<Action> actions = Action.of(candidates);
		Action chosen = new Action(provider, sku);
		return new Transition(features, Math.max(0, actions.indexOf(chosen)), chosen, reward, next, actions, objectives);
	}

}
