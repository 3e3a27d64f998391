package io.aurora.intelligence.api;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.store.IdempotencyKeys;
import io.aurora.intelligence.store.SweepClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Forgets the {@link IdempotencyKeys} claimed more than {@link IdempotencyKeys#KEPT} ago, a minute after start
 * and every ten minutes, by the {@link SweepClock}, so that a wall clock stepped forward expires nothing early.
 */
@Component
class IdempotencyKeyExpiry implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyExpiry.class);

	private final IdempotencyKeys keys;

	private final SweepClock sweepClock;

	private final Periodic expiry = new Periodic("idempotency-keys", this::expire, 60, 600, TimeUnit.SECONDS);

	private volatile boolean running;

	IdempotencyKeyExpiry(IdempotencyKeys keys, SweepClock sweepClock) {
		this.keys = keys;
		this.sweepClock = sweepClock;
	}

	private void expire() {
		int deleted = keys.expire(Instant.ofEpochMilli(sweepClock.millis()).minus(IdempotencyKeys.KEPT));
		if (deleted > 0) {
			log.debug("Forgot {} Idempotency-Keys older than a day", deleted);
		}
	}

	@Override
	public void start() {
		expiry.start();
		running = true;
	}

	@Override
	public void stop() {
		expiry.stop();
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

}
