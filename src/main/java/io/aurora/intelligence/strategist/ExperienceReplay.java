package io.aurora.intelligence.strategist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An experience-replay buffer around any policy ({@code REPLAY_SIZE}): after each logged transition
 * it re-applies a few earlier ones drawn from the last {@code size}. The draws come from a generator
 * seeded by the update count, so replaying the feedback log rebuilds the same model.
 */
public final class ExperienceReplay implements Policy {

	static final int REPLAYS_PER_UPDATE = 2;

	private final Policy inner;

	private final Transition[] buffer;

	private volatile long updates;

	private int filled;

	/** Wraps {@code inner} with a buffer of the last {@code size} transitions. */
	public ExperienceReplay(Policy inner, int size) {
		if (size < 1) {
			throw new IllegalArgumentException("replay size must be positive");
		}
		this.inner = inner;
		this.buffer = new Transition[size];
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
		buffer[(int) (updates % buffer.length)] = transition;
		updates++;
		filled = Math.min(filled + 1, buffer.length);
		SplittableRandom draws = new SplittableRandom(updates);
		for (int i = 0; i < REPLAYS_PER_UPDATE && filled > 1; i++) {
			Transition replay = buffer[draws.nextInt(filled)];
			if (inner.publishesOnObserve()) {
				inner.relearn(replay);
			}
			else {
				inner.observe(replay);
			}
		}
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
		if (filled < 0 || filled > buffer.length) {
			throw new IllegalArgumentException("the model's replay buffer is inconsistent");
		}
		for (int i = 0; i < filled; i++) {
			if (buffer[i] == null) {
				throw new IllegalArgumentException("the model's replay buffer is inconsistent");
			}
		}
	}

	@Override
	public Map<String, Object> parameters() {
		Map<String, Object> p = new LinkedHashMap<>(inner.parameters());
		p.put("replay_size", buffer.length);
		return p;
	}

}
