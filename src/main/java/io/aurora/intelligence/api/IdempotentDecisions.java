package io.aurora.intelligence.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.config.ShutdownWindow;
import io.aurora.intelligence.executor.Execution;
import io.aurora.intelligence.executor.Placement;
import io.aurora.intelligence.store.IdempotencyKeys;
import io.aurora.intelligence.store.StoreRefusingException;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.telemetry.KeyOutcome;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code POST /decisions} with an {@code Idempotency-Key} header (IETF draft-ietf-httpapi-idempotency-key-header):
 * the key is claimed in the store before the router is asked, so that a repeat of the request answers the
 * first decision's answer instead of placing the task again; the same key with another body is a 422, and
 * a repeat while the first is still being decided a 409. Keys are remembered for a day.
 */
@Component
class IdempotentDecisions implements SmartLifecycle {

	static final String HEADER = IdempotencyKeyHeader.NAME;

	/**
	 * What the keys of callers without the API key are stored under, before the key itself: a tab, which no
	 * key holds (they are printable ASCII), so no key a scheduler sends can name one of theirs.
	 */
	static final String WITHOUT_API_KEY = "without-api-key\t";

	/** The most abandoned keys remembered at once; beyond them, a repeat waits for the bound as before. */
	private static final int MAX_ABANDONED = 10_000;

	private static final Logger log = LoggerFactory.getLogger(IdempotentDecisions.class);

	private final IdempotencyKeys keys;

	private final JsonMapper json;

	private final DecisionFingerprint fingerprint;

	private final Clock clock;

	/** What decides that a key has expired ({@link SweepClock}): never a wall clock stepped forward. */
	private final SweepClock sweepClock;

	private final Telemetry telemetry;

	/**
	 * How long a keyed decision may take, its claim's store wait included ({@link ShutdownWindow}), or
	 * graceful shutdown's window if set longer; a claim older than this was never answered.
	 */
	private final Duration decisionBound;

	/**
	 * Keys whose decisions failed on this replica once the router may have been asked, by key, with their
	 * claim's time; kept for the decision's bound, after which the claim's age says the same.
	 */
	private final Map<String, Instant> abandoned = new ConcurrentHashMap<>();

	private final Periodic expiry = new Periodic("idempotency-keys", this::expire, 60, 600, TimeUnit.SECONDS);

	private volatile boolean running;

	IdempotentDecisions(IdempotencyKeys keys, JsonMapper json, Clock clock, SweepClock sweepClock, Telemetry telemetry,
			Environment environment) {
		this.keys = keys;
		this.telemetry = telemetry;
		this.json = json;
		this.fingerprint = new DecisionFingerprint(json);
		this.clock = clock;
		this.sweepClock = sweepClock;
		long decisionMs = ShutdownWindow.windowMs(environment);
		Duration shutdown = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
				Duration.ofMillis(decisionMs));
		this.decisionBound = Duration.ofMillis(Math.max(shutdown.toMillis(), decisionMs));
	}

	/** The request's fingerprint ({@link DecisionFingerprint}). */
	String fingerprint(DecisionRequest request) {
		return fingerprint.of(request);
	}

	/**
	 * The claim of {@code key} for a request of {@code fingerprint}, to be taken once the request passed its own
	 * checks. A caller without the API key (where one is set) claims in a namespace of its own, so that it can
	 * neither take a scheduler's key first nor read the answer to one.
	 */
	Claim claimOf(String key, boolean authorized, String fingerprint) {
		return new Claim(key, authorized ? key : WITHOUT_API_KEY + key, fingerprint);
	}

	/** One request's claim of its key. */
	final class Claim {

		/** The key as the caller sent it. */
		private final String key;

		/** The key as stored: in the namespace of callers without the API key, for them. */
		private final String stored;

		private final String fingerprint;

		/** When {@link #take()} claimed the key, or null while it has not. */
		private @Nullable Instant claimedAt;

		private Claim(String key, String stored, String fingerprint) {
			this.key = key;
			this.stored = stored;
			this.fingerprint = fingerprint;
		}

		/**
		 * Claims the key in the store: empty when this request holds it now, else the answer to a repeat
		 * (another request claimed it meanwhile, on this replica or another).
		 */
		Optional<ResponseEntity<?>> take() {
			Instant now = clock.instant();
			Optional<ResponseEntity<?>> repeat = keys.claim(stored, fingerprint, now, expiredBefore())
				.map(claim -> answer(this, claim));
			if (repeat.isEmpty()) {
				claimedAt = now;
				telemetry.idempotencyKey(KeyOutcome.CLAIMED);
			}
			return repeat;
		}

		/**
		 * Claims the key once {@code requireWritable} passes, so that an outage leaves it free: empty when
		 * this request holds it now, else the answer to a repeat; one answered already is answered while the
		 * store refuses writes too, since that needs only a read.
		 * @throws StoreRefusingException when the store refuses writes and no answer for the key can be read
		 */
		Optional<ResponseEntity<?>> takeWhenWritable(Runnable requireWritable) {
			try {
				requireWritable.run();
			}
			catch (StoreRefusingException refused) {
				Optional<ResponseEntity<?>> answered;
				try {
					answered = existing();
				}
				catch (DataAccessException unread) {
					throw refused;
				}
				return Optional.of(answered.orElseThrow(() -> refused));
			}
			return take();
		}

		/** The key and how to write the answer to it, stored with the decision's trace. */
		Placement.Keyed keyed(Function<Execution, DecisionResponse> response) {
			Instant at = Objects.requireNonNull(claimedAt, "the key is not claimed");
			return new Placement.Keyed(stored, at, execution -> json.writeValueAsString(response.apply(execution)));
		}

		/** The answer to a repeat, when the key is claimed already (a read only, for when the store refuses writes). */
		Optional<ResponseEntity<?>> existing() {
			return keys.find(stored, expiredBefore()).map(claim -> answer(this, claim));
		}

		/**
		 * Notes that the decision failed once the router may have been asked: the key stays claimed, and a
		 * repeat reaching this replica is told at once that it was never answered, rather than that it is
		 * still being decided until the decision's bound has passed.
		 */
		void abandon() {
			Instant at = claimedAt;
			if (at == null) {
				return;
			}
			if (abandoned.size() >= MAX_ABANDONED) {
				Instant stale = clock.instant().minus(decisionBound);
				abandoned.values().removeIf(when -> when.isBefore(stale));
			}
			if (abandoned.size() < MAX_ABANDONED) {
				abandoned.put(stored, at);
			}
		}

		/** Gives the key up, the decision refused before the router was asked; a failure leaves it claimed. */
		void release() {
			try {
				keys.release(stored, fingerprint, Objects.requireNonNull(claimedAt, "the key is not claimed"));
				telemetry.idempotencyKey(KeyOutcome.RELEASED);
			}
			catch (RuntimeException ex) {
				log.debug("Idempotency-Key '{}' stays claimed: {}", key, ex.toString());
			}
		}

	}

	private ResponseEntity<?> answer(Claim request, IdempotencyKeys.Claim claim) {
		String key = request.key;
		if (!claim.fingerprint().equals(request.fingerprint)) {
			telemetry.idempotencyKey(KeyOutcome.REUSED);
			return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
					"Idempotency-Key '" + key + "' was used for another request (another body); a key names one request", null);
		}
		if (claim.answer() != null) {
			telemetry.idempotencyKey(KeyOutcome.REPLAYED);
			JsonNode answer = json.readTree(claim.answer());
			return ResponseEntity.ok().header("Idempotent-Replayed", "true").contentType(MediaType.APPLICATION_JSON).body(answer);
		}
		Instant now = clock.instant();
		Instant abandonedClaim = abandoned.get(request.stored);
		boolean abandonedHere = abandonedClaim != null && abandonedClaim.toEpochMilli() == claim.createdAt().toEpochMilli();
		if (claim.createdAt().plus(decisionBound).isAfter(now) && !abandonedHere) {
			telemetry.idempotencyKey(KeyOutcome.IN_PROGRESS);
			return problem(HttpStatus.CONFLICT, "Request in progress", "The request of Idempotency-Key '" + key
					+ "' is still being decided; repeat it after Retry-After to get its answer", 1);
		}
		telemetry.idempotencyKey(KeyOutcome.NEVER_ANSWERED);
		return problem(HttpStatus.CONFLICT, "Request never answered", "The request of Idempotency-Key '" + key + "', received at "
				+ claim.createdAt() + ", was never answered (the service stopped or the store failed while deciding it); the "
				+ "router may have been asked to place the task. Check with the router, then send a new key to decide again", null);
	}

	private static ResponseEntity<?> problem(HttpStatus status, String title, String detail, @Nullable Integer retryAfter) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfter != null) {
			answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
		}
		return answer.body(ProblemTypes.typed(problem));
	}

	/** Claims made before this have expired: {@link IdempotencyKeys#KEPT} before the sweep clock's time on this replica. */
	private Instant expiredBefore() {
		return Instant.ofEpochMilli(sweepClock.localMillis()).minus(IdempotencyKeys.KEPT);
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
