package io.aurora.intelligence.telemetry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import static io.aurora.intelligence.telemetry.MetricNames.*;

/**
 * Records the service's events as meters. Tags stay low-cardinality: providers come from callers,
 * so only the first {@value #MAX_PROVIDER_TAGS} distinct providers vouched for get their own tag value
 * and the rest count as {@code other}. Tagged meters are looked up once and kept, since a registry lookup
 * costs more than the update. Reading a count never changes it.
 */
@Component
public class Telemetry {

	static final int MAX_PROVIDER_TAGS = 64;

	/** The shadow feedback counter's {@code answer} tags, by index: exploit, explore, failover. */
	private static final String[] ANSWERS = { "exploit", "explore", "failover" };

	private final MeterRegistry registry;

	private final Set<String> providerTags = ConcurrentHashMap.newKeySet();

	/** Whether the warning that every provider tag is taken was logged; guarded by {@link #providerTags}. */
	private boolean providerTagsFullLogged;

	private static final Logger log = LoggerFactory.getLogger(Telemetry.class);

	private final Map<String, Counter> decisions = new ConcurrentHashMap<>();

	private final Map<DecisionPhase, Timer> phases = new EnumMap<>(DecisionPhase.class);

	private final Map<KeyOutcome, Counter> keyOutcomes = new EnumMap<>(KeyOutcome.class);

	private final Map<String, Counter> routerCalls = new ConcurrentHashMap<>();

	private final Map<String, Counter> retention = new ConcurrentHashMap<>();

	private final Counter[][] shadowFeedback = new Counter[2][ANSWERS.length];

	private final Counter shadowDecisions;

	/** Feedback counters by provider tag and outcome. */
	private final Map<String, Counter> feedback = new ConcurrentHashMap<>();

	private final Counter qUpdates;

	private final Counter traceDetailCut;

	private final Counter cacheHits;

	private final Counter cacheMisses;

	private final Counter cacheErrors;

	private final Timer feedbackLatency;

	private final @Nullable Histogram rewards;

	/**
	 * The latency histograms' buckets, 100 µs to 60 s in 1-2.5-5 steps: 19 series per histogram with
	 * {@code +Inf}, where Micrometer's percentile histogram published 74, fine enough for
	 * {@code histogram_quantile} from the Strategist's microseconds to a stalled store's seconds.
	 */
	static final Duration[] LATENCY_BUCKETS = { Duration.ofNanos(100_000), Duration.ofNanos(250_000),
			Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
			Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60) };

	/** Creates the meters; the reward histogram goes straight to Prometheus since it has negative buckets. */
	public Telemetry(MeterRegistry registry, ObjectProvider<PrometheusRegistry> prometheus) {
		this.registry = registry;
		this.qUpdates = Counter.builder(Q_UPDATES)
			.description("Model updates this replica applied, from feedback and router refusals").register(registry);
		this.traceDetailCut = Counter.builder(TRACE_DETAIL_CUT)
			.description("Traces that kept only the names and features of a decision's free-form JSON").register(registry);
		for (KeyOutcome outcome : KeyOutcome.values()) {
			keyOutcomes.put(outcome, Counter.builder(IDEMPOTENCY_KEYS)
				.description("Decisions sent with an Idempotency-Key, by what became of the key")
				.tag(TAG_RESULT, outcome.tag()).register(registry));
		}
		this.cacheHits = Counter.builder(PSI_CACHE_HITS).description("Ψ-field cache hits").register(registry);
		this.cacheMisses = Counter.builder(PSI_CACHE_MISSES).description("Ψ-field cache misses").register(registry);
		this.cacheErrors = Counter.builder(PSI_CACHE_ERRORS).description("Ψ-field fetch errors").register(registry);
		this.feedbackLatency = Timer.builder(FEEDBACK_LATENCY).description("Feedback processing latency")
			.serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
		for (int agreed = 0; agreed < 2; agreed++) {
			for (int answer = 0; answer < ANSWERS.length; answer++) {
				shadowFeedback[agreed][answer] = shadowCounter(agreed == 1, ANSWERS[answer]);
			}
		}
		this.shadowDecisions = Counter.builder(SHADOW_DECISIONS)
			.description("Shadow decisions answered, also counted in aurora_intelligence_decisions_total").register(registry);
		// Series alerts and rates read exist from the start, at 0, not from the first decision on.
		for (DecisionPhase phase : DecisionPhase.values()) {
			phases.put(phase, Timer.builder(DECISION_LATENCY).description("Decision latency by phase").tag(TAG_PHASE, phase.tag())
				.serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
		}
		PrometheusRegistry target = prometheus.getIfAvailable();
		this.rewards = target == null ? null : Histogram.builder().name(REWARDS).help("Observed rewards")
			.classicOnly().withoutExemplars().classicUpperBounds(-1, -0.5, 0, 0.5, 1).register(target);
	}

	/**
	 * Counts one decision. A provider not yet tagged claims one of the tag values only when
	 * {@code vouched} (the caller was authorised, or the router accepted the placement), so anonymous
	 * callers cannot use up the tags with made-up providers while a key is set.
	 */
	public void decision(String provider, String exploration, boolean vouched) {
		String tag = providerTag(provider, vouched);
		decisions.computeIfAbsent(tag + '\n' + exploration, key -> Counter.builder(DECISIONS).description("Decisions made")
			.tag(TAG_PROVIDER, tag).tag(TAG_EXPLORATION, exploration).register(registry)).increment();
	}

	/** Counts one shadow decision answered, which {@link #decision} counts too. */
	public void shadowDecision() {
		shadowDecisions.increment();
	}

	/** Records how long one phase of a decision took. */
	public void decisionPhase(DecisionPhase phase, long nanos) {
		phases.get(phase).record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Counts one trace stored without the free-form JSON beyond its bound. */
	public void traceDetailCut() {
		traceDetailCut.increment();
	}

	/** Counts one decision sent with an {@code Idempotency-Key}, by what became of the key. */
	public void idempotencyKey(KeyOutcome outcome) {
		keyOutcomes.get(outcome).increment();
	}

	/** Counts one applied learning update. */
	public void qUpdate() {
		qUpdates.increment();
	}

	/**
	 * Counts one feedback received and stored, by the provider its decision answered (so that feedback over decisions
	 * per provider shows a provider whose tasks go unreported) and whether its reward counts as a success. A provider
	 * not yet tagged takes a tag only when its decision was {@code vouched} for as {@link #decision} was told, so
	 * feedback does not name a provider its decisions were counted as {@code other} for.
	 */
	public void feedback(String provider, double reward, boolean vouched) {
		String tag = providerTag(provider, vouched);
		String outcome = reward > 0 ? "success" : "failure";
		feedback.computeIfAbsent(tag + '\n' + outcome, key -> Counter.builder(FEEDBACK).description("Feedback received")
			.tag(TAG_PROVIDER, tag).tag(TAG_OUTCOME, outcome).register(registry)).increment();
		reward(reward);
	}

	/**
	 * Counts one feedback whose task ran where the caller's own scheduler chose, whether the service agreed, and
	 * whether its policy had labelled its answer an exploration ({@code null}: a failover placement, neither).
	 */
	public void shadowFeedback(boolean agreed, @Nullable Boolean explored) {
		shadowFeedback[agreed ? 1 : 0][explored == null ? 2 : explored ? 1 : 0].increment();
	}

	/** Records the time one feedback took to be scored, stored and learned from, as its caller waited. */
	public void feedbackLatency(long nanos) {
		feedbackLatency.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Records a reward learned from, whether from feedback or from a router's refusal. */
	public void reward(double reward) {
		if (rewards != null) {
			rewards.observe(reward);
		}
	}

	/**
	 * Registers every result a router call can have, so that their series exist from the start, at 0, rather
	 * than from each result's first call; the router client names them, since it makes them.
	 */
	public void routerResults(List<String> results) {
		results.forEach(result -> routerCalls.computeIfAbsent(result, this::routerCounter));
	}

	/** Counts one router call by its result. */
	public void routerCall(String result) {
		routerCalls.computeIfAbsent(result, this::routerCounter).increment();
	}

	private Counter routerCounter(String result) {
		return Counter.builder(ROUTER_CALLS).description("Aurora Router calls by result").tag(TAG_RESULT, result)
			.register(registry);
	}

	/** Registers the retention counters at 0, so that alerts and {@code rate()} see them before the first deletion. */
	public void retentionKinds(List<String> kinds) {
		kinds.forEach(kind -> retentionDeleted(kind, 0));
	}

	/** Counts rows that retention deleted, of a {@code kind}: traces, log or snapshots. */
	public void retentionDeleted(String kind, long rows) {
		retention.computeIfAbsent(kind, key -> Counter.builder(STORE_RETENTION_DELETED).description("Rows deleted by retention")
			.tag(TAG_KIND, key).register(registry)).increment(rows);
	}

	/** Counts a Ψ cache hit. */
	public void cacheHit() {
		cacheHits.increment();
	}

	/** Counts a Ψ cache miss. */
	public void cacheMiss() {
		cacheMisses.increment();
	}

	/** Counts a failed Ψ fetch. */
	public void cacheError() {
		cacheErrors.increment();
	}

	/** The Ψ cache counts since start, as {@code /status} reports them. */
	public CacheCounts cacheCounts() {
		return new CacheCounts((long) cacheHits.count(), (long) cacheMisses.count(), (long) cacheErrors.count());
	}

	/**
	 * Registers a counter that reads its running total from {@code owner} at scrape time. Micrometer
	 * holds {@code owner} only weakly, so it must be an object the application keeps, such as a bean.
	 */
	public <T> void functionCounter(String name, String description, T owner, ToDoubleFunction<T> total) {
		functionCounter(name, description, Tags.empty(), owner, total);
	}

	/** As {@link #functionCounter(String, String, Object, ToDoubleFunction)}, one series of {@code tags}. */
	public <T> void functionCounter(String name, String description, Tags tags, T owner, ToDoubleFunction<T> total) {
		FunctionCounter.builder(name, owner, total).description(description).tags(tags).register(registry);
	}

	/** Registers a gauge that reads its value from {@code value} at scrape time. */
	public void gauge(String name, String description, Supplier<Number> value) {
		gauge(name, description, Tags.empty(), value);
	}

	/** As {@link #gauge(String, String, Supplier)}, one series of {@code tags}. */
	public void gauge(String name, String description, Tags tags, Supplier<Number> value) {
		Gauge.builder(name, value).description(description).tags(tags).register(registry);
	}

	private Counter shadowCounter(boolean agreed, String answer) {
		return Counter.builder(SHADOW_FEEDBACK).description("Feedback whose task ran where the caller's own scheduler chose among several candidates")
			.tag(TAG_AGREED, String.valueOf(agreed)).tag(TAG_ANSWER, answer).register(registry);
	}

	private String providerTag(String provider, boolean vouched) {
		if (providerTags.contains(provider)) {
			return provider;
		}
		if (vouched && provider.length() <= 64) {
			synchronized (providerTags) {
				if (providerTags.contains(provider) || providerTags.size() < MAX_PROVIDER_TAGS && providerTags.add(provider)) {
					return provider;
				}
				if (!providerTagsFullLogged) {
					providerTagsFullLogged = true;
					log.warn("The decisions and feedback counters have their {} provider tags; providers not among them, such "
							+ "as '{}', count as 'other' until the service restarts (only providers the router placed, or those of "
							+ "callers with the key when AURORA_API_KEY is set, take a tag)", MAX_PROVIDER_TAGS, provider);
				}
			}
		}
		return "other";
	}

}
