package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;

/** A model whose every estimate is the number of refits that published it. */
final class VersionedPolicy implements Policy {

	volatile int published;

	int observed;

	final List<Integer> choicesSeen = new ArrayList<>();

	Runnable duringFirstChoice = () -> {
	};

	final List<Integer> risksSeen = new ArrayList<>();

	Runnable duringFirstRiskRead = () -> {
	};

	Runnable duringEveryRiskRead = () -> {
	};

	@Override
	public String name() {
		return "versioned";
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		int version = published;
		choicesSeen.add(version);
		if (choicesSeen.size() == 1) {
			duringFirstChoice.run();
		}
		return new Choice(0, actions.get(0), version, 1, false);
	}

	@Override
	public Map<String, Risk> risks(Features features, Action action) {
		int version = published;
		if (action.equals(AKASH)) {
			risksSeen.add(version);
			if (risksSeen.size() == 1) {
				duringFirstRiskRead.run();
			}
			duringEveryRiskRead.run();
		}
		return Map.of("latency_ms", new Risk(100, version, version));
	}

	@Override
	public void learn(Transition transition) {
		observe(transition);
		refit();
	}

	@Override
	public void observe(Transition transition) {
		observed++;
	}

	@Override
	public void refit() {
		published = observed;
	}

	@Override
	public boolean publishesOnObserve() {
		return false;
	}

	@Override
	public double estimate(Features features, Action action) {
		return published;
	}

	@Override
	public ModelStats stats() {
		return new ModelStats(observed, 0, 0, 0);
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of();
	}

}
