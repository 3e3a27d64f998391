package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.aurora.intelligence.store.FeedbackRecord;
import io.aurora.intelligence.store.RecordedFeedback;
import io.aurora.intelligence.store.StoredTrace;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.strategist.Transition;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The Auditor: turns an outcome into a reward, appends it to the feedback log, and once it is
 * committed lets the model learn from it through the {@link LogFollower}, in log order. The model is
 * always a function of the committed log, so learning survives restarts and crashes.
 */
@Service
@EnableConfigurationProperties(AuditorProperties.class)
public class Auditor {

	private static final Logger log = LoggerFactory.getLogger(Auditor.class);

	private final TraceStore store;

	private final Strategist strategist;

	private final Clock clock;

	/** What decides that the feedback window has passed ({@link SweepClock}): never a wall clock stepped forward. */
	private final SweepClock sweepClock;

	private final Telemetry telemetry;

	private final AuditorProperties properties;

	private final LogFollower follower;

	/** One instance, so the store runs it once per commit batch. */
	private final Runnable refit;

	Auditor(TraceStore store, Strategist strategist, Clock clock, SweepClock sweepClock, Telemetry telemetry,
			AuditorProperties properties, LogFollower follower) {
		this.properties = properties;
		this.follower = follower;
		this.refit = follower::refit;
		this.store = store;
		this.strategist = strategist;
		this.clock = clock;
		this.sweepClock = sweepClock;
		this.telemetry = telemetry;
		telemetry.functionCounter(MetricNames.CHECKPOINT_FAILURES, "Model snapshots that could not be stored", follower,
				LogFollower::checkpointFailures);
		telemetry.gauge(MetricNames.MODEL_LOG_SEQ, "The last feedback log entry the model includes", follower::applied);
	}

	/**
	 * Scores the outcome of a traced decision, logs it durably and applies the update.
	 * @throws TraceNotFoundException when no such trace is stored
	 * @throws FeedbackConflictException when the trace already has feedback
	 * @throws FeedbackExpiredException when the decision is older than the feedback window
	 */
	public Audit audit(String traceId, Outcome outcome) {
		return audit(traceId, outcome, null, null, true);
	}

	/**
	 * As {@link #audit(String, Outcome)}, for a task the caller's own scheduler ran on {@code ran} (shadow mode, or
	 * rules that overrode the service): the model learns the outcome as that candidate's, and an evaluation counts
	 * the decision as the caller's, not the logged policy's. A null {@code ran} is a task that ran on the service's
	 * answer, which for a shadow decision ({@code "shadow": true}) means the caller's scheduler chose it too.
	 * @throws UnknownCandidateException when {@code ran} is not one of the decision's candidates
	 */
	public Audit audit(String traceId, Outcome outcome, @Nullable Action ran) {
		return audit(traceId, outcome, ran, null, true);
	}

	/**
	 * As {@link #audit(String, Outcome, Action)}, with the probability the caller's rules chose {@code ran} with, when
	 * they choose at random: an evaluation weights a shadow decision by it, as the service's own by theirs.
	 */
	public Audit audit(String traceId, Outcome outcome, @Nullable Action ran, @Nullable Double propensity) {
		return audit(traceId, outcome, ran, propensity, true);
	}

	/**
	 * Learns the failed outcome the Executor logs for a candidate the router refused, like feedback but
	 * not counted as feedback received: only the learning update and its reward are.
	 */
	public Audit auditRefusal(String traceId, Outcome outcome) {
		return audit(traceId, outcome, null, null, false);
	}

	private Audit audit(String traceId, Outcome outcome, @Nullable Action named, @Nullable Double givenPropensity,
			boolean fromCaller) {
		long start = System.nanoTime();
		Map<String, Object> reported = outcome.asMap();
		StoredTrace trace = store.findTrace(traceId).orElseThrow(() -> new TraceNotFoundException(traceId));
		// A shadow decision's task ran where the caller's scheduler chose: its answer, unless the feedback names another.
		// Elsewhere a ran that is the answer is the service's own choice, one of its samples.
		Action answer = new Action(trace.provider(), trace.sku());
		Action ran = !fromCaller ? null : trace.shadow() ? (named == null ? answer : named)
				: answer.equals(named) ? null : named;
		// Only a shadow decision's propensity is the rules' whole choice; elsewhere the service's answer came first.
		Double propensity = ran != null && ran.equals(named) && trace.shadow() ? givenPropensity : null;
		// The window bounds callers' feedback; a refusal is learned as soon as its trace is stored, however long that took.
		if (fromCaller && trace.createdAt().plusSeconds(properties.feedbackWindowS())
			.isBefore(Instant.ofEpochMilli(sweepClock.localMillis()))) {
			RecordedFeedback recorded = recordedOrNull(traceId);
			throw new FeedbackExpiredException(traceId, properties.feedbackWindowS(), recorded,
					SameFeedback.as(recorded, reported, ran, propensity));
		}
		if (ran != null && !Action.of(trace.candidates()).contains(ran)) {
			RecordedFeedback recorded = recordedOrNull(traceId);
			if (recorded != null) {
				throw new FeedbackConflictException(traceId, recorded, false);
			}
			throw new UnknownCandidateException(traceId, ran.provider(), ran.sku());
		}
		Reward reward = fromCaller ? RewardFunction.reward(outcome, properties.rewardScale(trace.context()),
				properties.rewardLatencyReference() == AuditorProperties.LatencyReference.REQUEST)
				: RewardFunction.refusal(outcome);
		Features features = Featurizer.fromTrace(trace.context(), trace.psi());
		Features now = strategist.currentFeatures(trace.context());
		Features next = features.withPsi(now.coherence(), now.density());
		FeedbackRecord entry = new FeedbackRecord(traceId, clock.instant(), reported, reward.total(),
				reward.components(), next.key(), next.coherence(), next.density(), ran == null ? null : ran.provider(),
				ran == null ? null : ran.sku(), propensity);
		Transition transition = Transitions.of(features, ran == null ? trace.provider() : ran.provider(),
				ran == null ? trace.sku() : ran.sku(), reward.total(),
				RewardFunction.signals(reward.components(), reported, !fromCaller), next, trace.candidates());
		AtomicLong updates = new AtomicLong();
		// Counted once committed, on the writer's thread, so a commit that lands after its caller's 503 counts too.
		boolean logged = store.appendFeedback(entry, fromCaller, seq -> {
			if (fromCaller) {
				telemetry.feedback(trace.provider(), reward.total(), trace.vouched());
				// With a single candidate kept there was no choice to agree on, as the evaluation's shadow summary says.
				if (ran != null && trace.candidates().size() > 1) {
					telemetry.shadowFeedback(ran.equals(answer), trace.explored());
				}
			}
			else {
				telemetry.reward(reward.total());
			}
			// Counted before it is applied: committed, it is applied even if applying it here fails (the
			// poller applies it then), and the sum of the replicas' counters must stay the total.
			telemetry.qUpdate();
			follower.committed(seq, traceId, transition);
			updates.set(strategist.stats().updates());
		}, refit);
		if (!logged) {
			throw conflict(traceId, reported, ran, propensity);
		}
		if (fromCaller) {
			telemetry.feedbackLatency(System.nanoTime() - start);
		}
		return new Audit(reward, updates.get(),
				fromCaller && outcome.latencyMs() != null ? properties.budgetBeyondScale(trace.context()) : null, ran,
				propensity);
	}

	/**
	 * The 409 for a second feedback, with the recorded one (when the store gives it) and whether it had
	 * the same outcome; a failure to read it leaves the 409 without, since the refusal itself is certain.
	 */
	private FeedbackConflictException conflict(String traceId, Map<String, Object> reported, @Nullable Action ran,
			@Nullable Double propensity) {
		RecordedFeedback recorded = recordedOrNull(traceId);
		return new FeedbackConflictException(traceId, recorded, SameFeedback.as(recorded, reported, ran, propensity));
	}

	/** The feedback recorded for the trace, or null when it has none or it cannot be read (the refusal is certain anyway). */
	private @Nullable RecordedFeedback recordedOrNull(String traceId) {
		try {
			return store.recordedFeedback(traceId).orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The model as a document, as {@code GET /model} answers it, handed to {@code serializer}; returns
	 * what that makes of it. It is the one copy of the model being made while {@code serializer} runs.
	 * @throws ModelBusyException when another whole-model copy (an import, export, checkpoint, evaluation, or the load of an import or snapshot) was
	 * being made all the while an export waits
	 */
	public <T> T exportModel(Function<Map<String, Object>, T> serializer) {
		return follower.export(document -> {
			Map<String, Object> stated = new LinkedHashMap<>();
			document.forEach((key, value) -> {
				stated.put(key, value);
				if (key.equals("parameters")) {
					stated.put("reward", rewardSettings());
				}
			});
			return serializer.apply(stated);
		});
	}

	/**
	 * The settings the model's rewards were scored under here, as an export states them ({@code reward}):
	 * {@code REWARD_LATENCY_MS}, {@code REWARD_COST}, {@code REWARD_LATENCY_REFERENCE} and {@code REWARD_WEIGHTS}.
	 */
	private Map<String, Object> rewardSettings() {
		Map<String, Object> reward = new LinkedHashMap<>();
		reward.put("latency_ms", properties.rewardLatencyMs());
		reward.put("cost", properties.rewardCost());
		reward.put("latency_reference", properties.rewardLatencyReference().name().toLowerCase(Locale.ROOT));
		reward.put("weights", strategist.defaultWeights());
		return reward;
	}

	/**
	 * How the reward settings an imported model states differ from this service's; empty when they do not or it
	 * states none (exports made before it did). Rewards are stored when scored, so the model goes on learning on this
	 * service's scale; the caller is told, not refused.
	 */
	public List<RewardSettingDifference> rewardSettingsDiffering(Map<String, Object> model) {
		if (!(model.get("reward") instanceof Map<?, ?> stated)) {
			return List.of();
		}
		List<RewardSettingDifference> differing = new ArrayList<>();
		rewardSettings().forEach((key, value) -> {
			Object theirs = stated.get(key);
			if (!SameFeedback.sameValue(theirs, value)) {
				differing.add(new RewardSettingDifference(key, theirs, value));
			}
		});
		return differing;
	}

	/**
	 * Imports a model document exported by {@code GET /model} from a service running the same policy
	 * under the same learning rules.
	 * @throws ModelMismatchException when it was exported by another policy or rules, or is malformed
	 * @throws ModelBusyException when another copy of the model was being made all the while an import waits
	 */
	@SuppressWarnings("unchecked")
	public void importModel(Map<String, Object> model) {
		if (!strategist.policyName().equals(model.get("policy"))) {
			throw new ModelMismatchException("the model was exported by policy '" + model.get("policy")
					+ "' but this service runs '" + strategist.policyName() + "'");
		}
		int rules = strategist.learningRules();
		// Exports made before the field existed were all learned under rules 2.
		Object stated = model.get("learning_rules") == null ? Integer.valueOf(2) : model.get("learning_rules");
		if (!(stated instanceof Number)) {
			throw new ModelMismatchException("the model's 'learning_rules' must be a number, as GET /model writes it");
		}
		if (((Number) stated).doubleValue() != rules) {
			throw new ModelMismatchException("the model was learned under learning rules "
					+ (model.get("learning_rules") != null ? stated
							: "2 (it states none: exports made before learning rules were recorded)")
					+ " but this service learns under rules " + rules + ", so its state would mean something else here; "
					+ "a service learns such a model anew from its feedback log");
		}
		if (!(model.get("state") instanceof Map<?, ?> state)) {
			throw new ModelMismatchException("the model has no 'state' object");
		}
		try {
			OfferableNames.check((Map<String, Object>) state);
			follower.importModel((Map<String, Object>) state);
		}
		catch (IllegalArgumentException ex) {
			throw new ModelMismatchException("the model's state is malformed: " + ex.getMessage());
		}
		// A replaced model changes every decision after it: the log says when, and what came in.
		log.info("Model replaced by PUT /model: a '{}' model of {} updates, exported at its feedback log entry {}",
				model.get("policy"), model.get("updates") instanceof Number n ? n : "?",
				model.get("log_seq") instanceof Number n ? n : "?");
	}

}
