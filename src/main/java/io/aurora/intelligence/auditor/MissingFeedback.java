package io.aurora.intelligence.auditor;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.store.TraceStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * With {@code MISSING_FEEDBACK_REWARD} set, learns that reward, once, for each decision whose feedback window
 * closes without feedback, through the feedback log like any feedback, so that a candidate whose jobs never
 * report (crashed, lost) does not look better than one whose jobs report a poor outcome. It looks every half
 * {@code FEEDBACK_WINDOW_S} (from a second to a minute) at the decisions whose window closed within the last hour,
 * so decisions whose window closed before the setting, or while no replica ran, are left as they are. Replicas
 * that look at once learn each decision once: the log takes one entry per trace.
 */
@Component
class MissingFeedback implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MissingFeedback.class);

	/** How far back past the window a look reaches: an hour of decisions. */
	static final long HORIZON_MS = TimeUnit.HOURS.toMillis(1);

	/** How long after its window a decision is looked at: feedback accepted just before it closed has committed. */
	static final long GRACE_MS = 5_000;

	/** Decisions read at a time. */
	static final int BATCH = 500;

	private final Auditor auditor;

	private final TraceStore store;

	private final SweepClock clock;

	private final long windowMs;

	private final @Nullable Double reward;

	private final long intervalMs;

	private final Periodic looks;

	private volatile boolean stopping;

	MissingFeedback(Auditor auditor, TraceStore store, SweepClock clock, AuditorProperties properties) {
		this.auditor = auditor;
		this.store = store;
		this.clock = clock;
		this.windowMs = TimeUnit.SECONDS.toMillis(properties.feedbackWindowS());
		this.reward = properties.missingFeedbackReward();
		this.intervalMs = Math.max(1_000, Math.min(60_000, windowMs / 2));
		this.looks = new Periodic("missing-feedback", this::scheduledLook, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
	}

	/** Learns the reward for every decision whose window closed within the horizon without feedback; returns how many. */
	int look() {
		Double learned = reward;
		if (learned == null) {
			return 0;
		}
		long before = clock.millis() - windowMs - GRACE_MS;
		int count = 0;
		List<TraceStore.Aged> unanswered;
		do {
			unanswered = store.tracesWithoutFeedback(before - HORIZON_MS, before, BATCH);
			for (TraceStore.Aged trace : unanswered) {
				if (stopping) {
					return count;
				}
				try {
					auditor.auditMissing(trace.traceId(), learned);
					count++;
				}
				catch (FeedbackConflictException | TraceNotFoundException ex) {
					// Another replica, or retention, got there first.
				}
			}
		}
		while (unanswered.size() == BATCH);
		return count;
	}

	private void scheduledLook() {
		try {
			int learned = look();
			if (learned > 0) {
				log.info("Learned MISSING_FEEDBACK_REWARD={} for {} decisions whose feedback window closed without feedback",
						reward, learned);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not learn MISSING_FEEDBACK_REWARD for decisions without feedback; trying again in {} s: {}",
					intervalMs / 1000, ex.toString());
		}
	}

	@Override
	public void start() {
		stopping = false;
		if (reward != null) {
			looks.start();
		}
	}

	@Override
	public void stop() {
		stopping = true;
		looks.stop();
	}

	@Override
	public boolean isRunning() {
		return looks.isRunning();
	}

}
