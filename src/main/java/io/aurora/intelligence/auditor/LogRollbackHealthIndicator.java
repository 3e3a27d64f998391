package io.aurora.intelligence.auditor;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness's view of the feedback log ({@code logRollback}): DOWN once the log was seen gone back behind the model,
 * so that the replica is restarted to rebuild, even where the start's own availability events came after the rollback
 * was seen and set liveness right again.
 */
@Component
class LogRollbackHealthIndicator implements HealthIndicator {

	private final LogFollower follower;

	LogRollbackHealthIndicator(LogFollower follower) {
		this.follower = follower;
	}

	@Override
	public Health health() {
		return follower.rolledBack()
				? Health.down().withDetail("error", "the feedback log went back behind this replica's model").build()
				: Health.up().build();
	}

}
