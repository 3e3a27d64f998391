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

	private long updates;

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
		inner.learn(transition);
		buffer[(int) (updates % buffer.length)] = transition;
		updates++;
		int filled = (int) Math.min(updates, buffer.length);
		SplittableRandom draws = new SplittableRandom(updates);
		for (int i = 0; i < REPLAYS_PER_UPDATE && filled > 1; i++) {
			inner.learn(buffer[draws.nextInt(filled)]);
		}
	}

	@Override
	public double estimate(Features features, Action action) {
		return inner.estimate(features, action);
	}

	@Override
	public ModelStats stats() {
		ModelStats s = inner.stats();
		return new ModelStats(updates, s.states(), s.stateActionPairs());
	}

	/** The inner policy's state; the replay buffer itself is not exported and refills from new feedback. */
	@Override
	public Map<String, Object> exportState() {
		return Map.of("updates", updates, "inner", inner.exportState());
	}

	@Override
	@SuppressWarnings("unchecked")
	public void importState(Map<String, Object> state) {
		inner.importState((Map<String, Object>) state.get("inner"));
		updates = StateCodec.number(state, "updates").longValue();
		java.util.Arrays.fill(buffer, null);
	}

	@Override
	public Map<String, Object> parameters() {
		Map<String, Object> p = new LinkedHashMap<>(inner.parameters());
		p.put("replay_size", buffer.length);
		return p;
	}

}
