package io.aurora.intelligence.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.aurora.intelligence.config.ShutdownWindow;
import io.aurora.intelligence.executor.Execution;
import io.aurora.intelligence.executor.Placement;
import io.aurora.intelligence.store.CommitUncertainException;
import io.aurora.intelligence.store.IdempotencyKeys;
import io.aurora.intelligence.store.StoreRefusingException;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.telemetry.KeyOutcome;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * {@code POST /decisions} with an {@code Idempotency-Key} header (IETF draft-ietf-httpapi-idempotency-key-header):
 * the key is claimed in the store before the router is asked, so that a repeat of the request answers the
 * first decision's answer instead of placing the task again; the same key with another body is a 422, and
 * a repeat while the first is still being decided a 409. Keys are remembered for a day.
 */
@Component
class IdempotentDecisions {

	static final String HEADER = IdempotencyKeyHeader.NAME;

	/**
	 * What the keys of callers without the API key are stored under, before the key itself: a tab, which no
	 * key holds (they are printable ASCII), so no key a scheduler sends can name one of theirs.
	 */
	static final String WITHOUT_API_KEY = "without-api-key\t";

	private static final Logger log = LoggerFactory.getLogger(IdempotentDecisions.class);

	private final IdempotencyKeys keys;

	private final JsonMapper json;

	private final KeyAnswers answers;

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

	/** Claims whose decisions failed here once the router may have been asked, and what it answered. */
	private final AbandonedKeys abandoned;

	/** Whether this process makes every claim in the store ({@link IdempotencyKeys#claimedOnlyHere()}). */
	private final boolean claimedOnlyHere;

	/** Where this process makes every claim: the keys its requests are deciding ({@link KeysDecidingHere}). */
	private final KeysDecidingHere here = new KeysDecidingHere();

	IdempotentDecisions(IdempotencyKeys keys, JsonMapper json, Clock clock, SweepClock sweepClock, Telemetry telemetry,
			Environment environment) {
		this.keys = keys;
		this.telemetry = telemetry;
		this.json = json;
		this.answers = new KeyAnswers(json, telemetry);
		this.fingerprint = new DecisionFingerprint(json);
		this.clock = clock;
		this.sweepClock = sweepClock;
		this.claimedOnlyHere = keys.claimedOnlyHere();
		this.abandoned = new AbandonedKeys(clock);
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

		/** Whether this request is counted among those deciding its key {@link #here}. */
		private boolean holding;

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
			if (claimedOnlyHere && !holding) {
				// Counted before the claim is made, so that no repeat can see the claim and not the request holding it.
				holding = true;
				here.hold(stored);
			}
			Optional<ResponseEntity<?>> repeat;
			try {
				IdempotencyKeys.Claimed claimed = keys.claim(stored, fingerprint, now, expiredBefore(), decisionBound);
				IdempotencyKeys.Claim held = claimed.held();
				repeat = held == null ? Optional.empty() : Optional.of(answer(this, held));
				claimedAt = claimed.at();
			}
			catch (RuntimeException | Error ex) {
				if (claimedOnlyHere && ex instanceof CommitUncertainException) {
					// The claim may still land, with no request holding it and nothing placed.
					here.unreleased(stored, now);
				}
				finish();
				if ((ex instanceof DataAccessException || ex instanceof TransactionException) && !(ex instanceof StoreRefusingException)) {
					// The router has not been asked: nothing was placed, whatever became of the claim.
					throw new StoreRefusingException("the Idempotency-Key could not be claimed before the router was asked", ex);
				}
				throw ex;
			}
			if (repeat.isEmpty()) {
				telemetry.idempotencyKey(KeyOutcome.CLAIMED);
			}
			else {
				finish();
			}
			return repeat;
		}

		/** This request is done with its key, its outcome (answer, release or failure) stored or given up on. */
		void finish() {
			if (holding) {
				holding = false;
				here.letGo(stored);
			}
		}

		/** The trace's commit was given up on but may still land with the answer: until the bound, a repeat waits. */
		void uncertain() {
			if (claimedOnlyHere) {
				here.uncertain(stored, decisionBound);
			}
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
			return new Placement.Keyed(stored, at, execution -> json.writeValueAsString(response.apply(execution)),
					router -> abandoned.routed(stored, at, router));
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
			if (at == null || claimedOnlyHere) {
				// Where this process makes every claim, the claim's no longer being held here says it already.
				return;
			}
			abandoned.abandoned(stored, at);
		}

		/** Gives the key up, the decision refused before the router was asked; a failure leaves it claimed. */
		void release() {
			try {
				keys.release(stored, fingerprint, Objects.requireNonNull(claimedAt, "the key is not claimed"));
				telemetry.idempotencyKey(KeyOutcome.RELEASED);
			}
			catch (RuntimeException ex) {
				log.debug("Idempotency-Key '{}' stays claimed: {}", key, ex.toString());
				if (claimedOnlyHere) {
					here.unreleased(stored, Objects.requireNonNull(claimedAt));
				}
			}
		}

	}

	private ResponseEntity<?> answer(Claim request, IdempotencyKeys.Claim claim) {
		String key = request.key;
		if (!claim.fingerprint().equals(request.fingerprint)) {
			return answers.reused(key);
		}
		if (claim.answer() != null) {
			return answers.replayed(claim.answer());
		}
		if (claimedOnlyHere) {
			return unansweredHere(request, claim);
		}
		// On the shared store a claim is stamped, and its age judged, by PostgreSQL's clock: replicas' clocks may differ.
		Instant now = claim.readAt() != null ? claim.readAt() : clock.instant();
		AbandonedKeys.Abandoned abandonedClaim = abandoned.of(request.stored, claim.createdAt());
		// Judged by the bound of the replica that claimed it, whose settings may differ from this one's (during a rollout).
		Duration bound = claim.bound() != null ? claim.bound() : decisionBound;
		if (claim.createdAt().plus(bound).isAfter(now) && (abandonedClaim == null || !abandonedClaim.here())) {
			return answers.inProgress(key);
		}
		return answers.neverAnswered(key, claim.createdAt(), abandonedClaim == null ? null : abandonedClaim.router());
	}

	/**
	 * An unanswered claim where this process makes every claim: in progress while a request here holds it; else
	 * answered or released since it was read, or never to be answered (its process stopped, or its decision failed).
	 */
	private ResponseEntity<?> unansweredHere(Claim request, IdempotencyKeys.Claim claim) {
		if (here.beingDecided(request.stored, request.holding)) {
			return answers.inProgress(request.key);
		}
		if (here.leftUnreleased(request.stored, claim.createdAt())) {
			// Refused before the router was asked, and not released then: free it now, for the retry to decide anew.
			try {
				keys.release(request.stored, claim.fingerprint(), claim.createdAt());
				here.released(request.stored, claim.createdAt());
			}
			catch (RuntimeException ex) {
				log.debug("Idempotency-Key '{}' stays claimed: {}", request.key, ex.toString());
			}
			return answers.inProgress(request.key);
		}
		Optional<IdempotencyKeys.Claim> now = keys.find(request.stored, expiredBefore());
		if (now.isEmpty() || !now.get().createdAt().equals(claim.createdAt())) {
			return answers.inProgress(request.key);
		}
		String answer = now.get().answer();
		if (answer != null) {
			return answers.replayed(answer);
		}
		AbandonedKeys.Abandoned noted = abandoned.of(request.stored, claim.createdAt());
		return answers.neverAnswered(request.key, claim.createdAt(), noted == null ? null : noted.router());
	}

	/** Claims made before this have expired: {@link IdempotencyKeys#KEPT} before the sweep clock's time on this replica. */
	private Instant expiredBefore() {
		return Instant.ofEpochMilli(sweepClock.localMillis()).minus(IdempotencyKeys.KEPT);
	}

}
