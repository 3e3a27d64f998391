package io.aurora.intelligence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock for tests, with millisecond resolution: tests move it by hand ({@link #set}), and a ticking
 * one also moves on by a fixed step at every reading, as if each reading took that long.
 */
public final class TestClock extends Clock {

	private final AtomicLong millis;

	private final long stepMillis;

	private TestClock(Instant start, Duration step) {
		this.millis = new AtomicLong(start.toEpochMilli());
		this.stepMillis = step.toMillis();
	}

	/** A clock that stands at {@code start} until a test moves it. */
	public static TestClock at(Instant start) {
		return new TestClock(start, Duration.ZERO);
	}

	/** A clock that starts at {@code start} and is {@code step} further on at each reading. */
	public static TestClock ticking(Instant start, Duration step) {
		return new TestClock(start, step);
	}

	/** Moves the clock to {@code instant}. */
	public void set(Instant instant) {
		millis.set(instant.toEpochMilli());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public long millis() {
		return millis.addAndGet(stepMillis);
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

}
