package io.aurora.intelligence.store;

import java.time.Duration;
import java.util.stream.DoubleStream;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The store writer's meters: how many writes each commit carries, and how long each batch takes, in
 * buckets an alert can compare with {@code STORE_TIMEOUT_MS}.
 *
 * @param batchSizes writes per commit
 * @param batchTimes time per batch: writes, commit and after-commit actions
 */
record CommitMeters(DistributionSummary batchSizes, Timer batchTimes) {

	/** Commit-time buckets from a fast disk's fsync to a commit past the largest {@code STORE_TIMEOUT_MS}. */
	static final Duration[] COMMIT_BUCKETS = DoubleStream.of(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
			10_000, 30_000, 60_000).mapToObj(ms -> Duration.ofNanos((long) (ms * 1_000_000))).toArray(Duration[]::new);

	/** Registers the meters (or finds them, when already registered) in {@code meters}. */
	static CommitMeters register(MeterRegistry meters) {
		return new CommitMeters(DistributionSummary.builder(MetricNames.STORE_COMMIT_BATCH)
			.description("Writes per store commit")
			.register(meters),
				Timer.builder(MetricNames.STORE_COMMIT_LATENCY)
					.description("Time per store batch: writes, commit and after-commit actions")
					.serviceLevelObjectives(COMMIT_BUCKETS)
					.register(meters));
	}

}
