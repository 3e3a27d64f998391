package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.store.FeedbackRecord;
import io.aurora.intelligence.store.StoredTrace;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.strategist.Transition;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The Auditor: turns an outcome into a reward, appends it to the feedback log, and once it is
 * committed lets the model learn from it, on the store's writer thread and so in log order. At start-up it replays the whole log, so learning survives restarts and
 * crashes: the model is always a function of the committed log.
 */
@Service
@EnableConfigurationProperties(AuditorProperties.class)
public class Auditor {

	private static final Logger log = LoggerFactory.getLogger(Auditor.class);

	private final TraceStore store;

	private final Strategist strategist;

	private final Clock clock;

	private final Telemetry telemetry;

	private final AuditorProperties properties;

	Auditor(TraceStore store, Strategist strategist, Clock clock, Telemetry telemetry, AuditorProperties properties) {
		this.properties = properties;
		this.store = store;
		this.strategist = strategist;
		this.clock = clock;
		this.telemetry = telemetry;
		replay();
	}

	private void replay() {
		long start = System.nanoTime();
		AtomicLong applied = new AtomicLong();
		store.replay(entry -> {
			Features features = decisionFeatures(entry.context(), entry.psi());
			Features next = entry.nextCoherence() == null || entry.nextDensity() == null ? features
					: features.withPsi(entry.nextCoherence(), entry.nextDensity());
			strategist.learn(transition(features, entry.provider(), entry.sku(), entry.reward(), next, entry.candidates()));
			applied.incrementAndGet();
		});
		log.info("Model rebuilt from {} feedback log entries in {} ms", applied.get(), (System.nanoTime() - start) / 1_000_000);
	}

	/**
	 * Scores the outcome of a traced decision, logs it durably and applies the update.
	 * @throws TraceNotFoundException when no such trace is stored
	 * @throws FeedbackConflictException when the trace already has feedback
	 * @throws FeedbackExpiredException when the decision is older than the feedback window
	 */
	public Audit audit(String traceId, Outcome outcome) {
		long start = System.nanoTime();
		StoredTrace trace = store.findTrace(traceId).orElseThrow(() -> new TraceNotFoundException(traceId));
		if (trace.createdAt().plusSeconds(properties.feedbackWindowS()).isBefore(clock.instant())) {
			throw new FeedbackExpiredException(traceId, properties.feedbackWindowS());
		}
		Reward reward = RewardFunction.reward(outcome);
		Features features = decisionFeatures(trace.context(), trace.psi());
		Features now = strategist.currentFeatures(trace.context());
		Features next = features.withPsi(now.coherence(), now.density());
		FeedbackRecord entry = new FeedbackRecord(traceId, clock.instant(), outcomeMap(outcome), reward.total(),
				reward.components(), next.key(), next.coherence(), next.density());
		Transition transition = transition(features, trace.provider(), trace.sku(), reward.total(), next, trace.candidates());
		AtomicLong updates = new AtomicLong();
		boolean logged = store.appendFeedback(entry, () -> {
			strategist.learn(transition);
			updates.set(strategist.stats().updates());
		});
		if (!logged) {
			throw new FeedbackConflictException(traceId);
		}
		telemetry.qUpdate();
		telemetry.feedback(reward.total(), System.nanoTime() - start);
		return new Audit(reward, updates.get());
	}

	/** The features a decision was made with: its stored context and the Ψ reading it used. */
	private static Features decisionFeatures(Map<String, Object> context, Map<String, Object> psi) {
		return Featurizer.features(context, number(psi.get("coherence")), number(psi.get("density")));
	}

	private static double number(@Nullable Object value) {
		return value instanceof Number n ? n.doubleValue() : 0.5;
	}

	/** The transition the model learns from: the chosen candidate's position is found among the candidates. */
	static Transition transition(Features features, String provider, String sku, double reward, Features next,
			List<Map<String, Object>> candidates) {
		List<Action> actions = candidates.stream()
			.map(c -> new Action(String.valueOf(c.get("provider")), String.valueOf(c.get("sku"))))
			.toList();
		Action chosen = new Action(provider, sku);
		return new Transition(features, Math.max(0, actions.indexOf(chosen)), chosen, reward, next, actions);
	}

	private static Map<String, Object> outcomeMap(Outcome outcome) {
		Map<String, Object> map = new LinkedHashMap<>();
		putIfPresent(map, "latency_ms", outcome.latencyMs());
		putIfPresent(map, "cost", outcome.cost());
		putIfPresent(map, "failures", outcome.failures());
		putIfPresent(map, "slo_hit", outcome.sloHit());
		return map;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
