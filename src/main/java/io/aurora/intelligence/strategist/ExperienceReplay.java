package io.aurora.intelligence.strategist;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An experience-replay buffer around any policy ({@code REPLAY_SIZE}): after each logged transition
 * it re-applies a few earlier ones drawn from the last {@code size}, fewer when those would take more
 * than {@value #MAX_BYTES} bytes of heap (each holds its candidate list, so long lists of long names
 * could otherwise fill any heap). The draws come from a generator seeded by the update count, and
 * what is kept depends only on the transitions, so replaying the feedback log rebuilds the same model.
 */
public final class ExperienceReplay implements Policy {

	static final int REPLAYS_PER_UPDATE = 2;

	private final Policy inner;

	/** The most heap the kept transitions may take, as {@link #bytes} estimates it; past it the oldest are dropped. */
	static final long MAX_BYTES = 128L * 1024 * 1024;

	private final Transition[] buffer;

	/** Each slot's estimated heap, and their sum. */
	private final long[] sizes;

	private long held;

	private final long maxBytes;

	private volatile long updates;

	/** How many of the newest transitions are kept: slots {@code updates - filled} to {@code updates - 1}, modulo the size. */
	private int filled;

	/** Wraps {@code inner} with a buffer of the last {@code size} transitions. */
	public ExperienceReplay(Policy inner, int size) {
		this(inner, size, MAX_BYTES);
	}

	/** Wraps {@code inner} with a buffer of the last {@code size} transitions that take at most {@code maxBytes} together. */
	ExperienceReplay(Policy inner, int size, long maxBytes) {
		if (size < 1) {
			throw new IllegalArgumentException("replay size must be positive");
		}
		this.inner = inner;
		this.buffer = new Transition[size];
		this.sizes = new long[size];
		this.maxBytes = maxBytes;
	}

	/**
	 * A transition's estimated heap: its record, features and objectives, and per candidate the
	 * action and its two strings at two bytes a character.
	 */
	static long bytes(Transition t) {
		long bytes = 400 + 2L * t.features().region().length();
		for (Action a : t.actions()) {
			bytes += 112 + 2L * (a.provider().length() + a.sku().length());
		}
		return bytes;
	}

	@Override
	public String name() {
		return inner.name();
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		return inner.choose(features, actions, random);
	}

	@Override
	public void learn(Transition transition) {
		observe(transition);
		refit();
	}

	/**
	 * Observes the transition and its replays with the inner policy, which publishes them at once or
	 * from the next {@link #refit} as it does its own observations.
	 */
	@Override
	public void observe(Transition transition) {
		inner.observe(transition);
		int slot = (int) (updates % buffer.length);
		long size = bytes(transition);
		held += size - sizes[slot];
		buffer[slot] = transition;
		sizes[slot] = size;
		updates++;
		filled = Math.min(filled + 1, buffer.length);
		dropOldestPastBudget();
		SplittableRandom draws = new SplittableRandom(updates);
		for (int i = 0; i < REPLAYS_PER_UPDATE && filled > 1; i++) {
			Transition replay = buffer[slotOf(draws.nextInt(filled))];
			if (inner.publishesOnObserve()) {
				inner.relearn(replay);
			}
			else {
				inner.observe(replay);
			}
		}
	}

	/** Drops the oldest kept transitions while they take more than the budget, keeping the newest. */
	private void dropOldestPastBudget() {
		while (held > maxBytes && filled > 1) {
			int oldest = (int) ((updates - filled) % buffer.length);
			held -= sizes[oldest];
			buffer[oldest] = null;
			sizes[oldest] = 0;
			filled--;
		}
	}

	/**
	 * The slot a draw of {@code i} (from 0 to {@code filled - 1}) takes: a full buffer uses slot {@code i}
	 * itself, as does one that never dropped any (its kept slots are then 0 to {@code filled - 1}), so a
	 * buffer within its budget draws exactly as before the budget existed; else the {@code i}-th oldest
	 * kept. Either way the draws cover exactly the kept slots.
	 */
	private int slotOf(int i) {
		return filled == buffer.length ? i : (int) ((updates - filled + i) % buffer.length);
	}

	@Override
	public void prepare() {
		inner.prepare();
	}

	@Override
	public void refit() {
		inner.refit();
	}

	@Override
	public boolean publishesOnObserve() {
		return inner.publishesOnObserve();
	}

	@Override
	public int learningRules() {
		return inner.learningRules();
	}

	@Override
	public Choice choose(Features features, List<Action> actions, Map<String, Double> weights, RandomGenerator random) {
		return inner.choose(features, actions, weights, random);
	}

	@Override
	public Map<String, Risk> risks(Features features, Action action) {
		return inner.risks(features, action);
	}

	@Override
	public Map<String, Double> objectiveEstimates(Features features, Action action) {
		return inner.objectiveEstimates(features, action);
	}

	@Override
	public double estimate(Features features, Action action) {
		return inner.estimate(features, action);
	}

	@Override
	public ModelStats stats() {
		ModelStats s = inner.stats();
		return new ModelStats(updates, s.states(), s.stateActionPairs(), s.forgotten());
	}

	/** The inner policy's state and the buffer, slot by slot, so a restored model replays exactly as the original. */
	@Override
	public Map<String, Object> exportState() {
		List<Object> slots = new java.util.ArrayList<>(buffer.length);
		for (Transition t : buffer) {
			slots.add(t == null ? Map.of() : StateCodec.transition(t));
		}
		return Map.of("updates", updates, "filled", filled, "inner", inner.exportState(), "buffer", slots);
	}

	@Override
	public void importState(Map<String, Object> state) {
		List<Map<String, Object>> slots = StateCodec.list(state, "buffer");
		if (slots.size() != buffer.length) {
			throw new IllegalArgumentException("the model's replay buffer has " + slots.size() + " slots, this service "
					+ buffer.length + " (REPLAY_SIZE)");
		}
		inner.importState(StateCodec.map(state, "inner"));
		for (int i = 0; i < buffer.length; i++) {
			buffer[i] = slots.get(i).isEmpty() ? null : StateCodec.transition(slots.get(i));
		}
		updates = StateCodec.count(state, "updates", 0);
		filled = StateCodec.number(state, "filled").intValue();
		if (filled < 0 || filled > buffer.length || filled > updates) {
			throw new IllegalArgumentException("the model's replay buffer is inconsistent");
		}
		held = 0;
		Arrays.fill(sizes, 0);
		for (int i = 0; i < filled; i++) {
			int slot = slotOf(i);
			if (buffer[slot] == null) {
				throw new IllegalArgumentException("the model's replay buffer is inconsistent");
			}
			sizes[slot] = bytes(buffer[slot]);
			held += sizes[slot];
		}
		if (Arrays.stream(buffer).filter(Objects::nonNull).count() != filled) {
			throw new IllegalArgumentException("the model's replay buffer holds transitions outside its kept range");
		}
		dropOldestPastBudget();
	}

	@Override
	public Map<String, Object> parameters() {
		Map<String, Object> p = new LinkedHashMap<>(inner.parameters());
		p.put("replay_size", buffer.length);
		return p;
	}

}
