package io.aurora.intelligence.auditor;

/** Reward rescorers for tests outside this package, which cannot build the settings they take. */
public final class TestRescorers {

	private TestRescorers() {
	}

	/** A rescorer on {@code scale} for every decision, whatever its {@code latency_ms} (the seed's rule). */
	public static RewardRescorer fixed(RewardFunction.Scale scale) {
		return new RewardRescorer(new AuditorProperties(86_400, 0, 0, scale.latencyMs(), scale.cost(),
				AuditorProperties.LatencyReference.FIXED));
	}

}
