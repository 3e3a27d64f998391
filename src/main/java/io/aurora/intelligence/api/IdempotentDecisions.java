package io.aurora.intelligence.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.store.IdempotencyKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
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

	static final String HEADER = "Idempotency-Key";

	/** How long a key is remembered. */
	static final Duration KEPT = Duration.ofDays(1);

	private static final Pattern USABLE = Pattern.compile("[\\x20-\\x7E]{1,255}");

	private static final Logger log = LoggerFactory.getLogger(IdempotentDecisions.class);

	private final IdempotencyKeys keys;

	private final JsonMapper json;

	private final Clock clock;

	/** How long a decision may take, the store's waits included: a claim older than this was never answered. */
	private final Duration decisionBound;

	private final Periodic expiry = new Periodic("idempotency-keys", this::expire, 60, 600, TimeUnit.SECONDS);

	private volatile boolean running;

	IdempotentDecisions(IdempotencyKeys keys, JsonMapper json, Clock clock, Environment environment) {
		this.keys = keys;
		this.json = json;
		this.clock = clock;
		this.decisionBound = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
				Duration.ofSeconds(30));
	}

	/** Refuses a key that is empty, over 255 characters or not printable ASCII. */
	static void requireUsable(String key) {
		if (!USABLE.matcher(key).matches()) {
			throw new InvalidRequestException(HEADER, "must be 1 to 255 printable ASCII characters");
		}
	}

	/** The request's fingerprint: a SHA-256 of its JSON as the service read it. */
	String fingerprint(DecisionRequest request) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The answer to a repeat of a request whose key is claimed already, or empty when it is not. */
	Optional<ResponseEntity<?>> repeated(String key, String fingerprint) {
		return keys.find(key).map(claim -> answer(key, fingerprint, claim));
	}

	/** The claim of {@code key} for a request of {@code fingerprint}, to be taken just before the router is asked. */
	Claim claimOf(String key, String fingerprint) {
		return new Claim(key, fingerprint);
	}

	/** One request's claim of its key. */
	final class Claim {

		private final String key;

		private final String fingerprint;

		private Claim(String key, String fingerprint) {
			this.key = key;
			this.fingerprint = fingerprint;
		}

		/**
		 * Claims the key in the store: empty when this request holds it now, else the answer to a repeat
		 * (another request claimed it meanwhile, on this replica or another).
		 */
		Optional<ResponseEntity<?>> take() {
			return keys.claim(key, fingerprint, clock.instant()).map(claim -> answer(key, fingerprint, claim));
		}

		/** Gives the key up, the decision refused before the router was asked; a failure leaves it claimed. */
		void release() {
			try {
				keys.release(key);
			}
			catch (RuntimeException ex) {
				log.debug("Idempotency-Key '{}' stays claimed: {}", key, ex.toString());
			}
		}

	}

	/** Stores the decision's answer under its key; a failure leaves the claim unanswered, and is logged. */
	void answered(String key, DecisionResponse response) {
		try {
			keys.answer(key, response.traceId(), json.writeValueAsString(response));
		}
		catch (RuntimeException ex) {
			log.warn("The answer to the decision of Idempotency-Key '{}' could not be stored; a repeat is told it was never answered: {}",
					key, ex.toString());
		}
	}

	private ResponseEntity<?> answer(String key, String fingerprint, IdempotencyKeys.Claim claim) {
		if (!claim.fingerprint().equals(fingerprint)) {
			return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
					"Idempotency-Key '" + key + "' was used for another request (another body); a key names one request", null);
		}
		if (claim.answer() != null) {
			JsonNode answer = json.readTree(claim.answer());
			return ResponseEntity.ok().header("Idempotent-Replayed", "true").contentType(MediaType.APPLICATION_JSON).body(answer);
		}
		Instant now = clock.instant();
		if (claim.createdAt().plus(decisionBound).isAfter(now)) {
			return problem(HttpStatus.CONFLICT, "Request in progress", "The request of Idempotency-Key '" + key
					+ "' is still being decided; repeat it after Retry-After to get its answer", 1);
		}
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
		return answer.body(problem);
	}

	private void expire() {
		int deleted = keys.expire(clock.instant().minus(KEPT));
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
