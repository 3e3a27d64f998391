package io.aurora.intelligence.executor;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;


import io.aurora.intelligence.config.BoundedConnectOperator;
import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.config.TlsFailures;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the router's answers to {@code POST /route} for {@link RouterClient}: at most
 * {@value #MAX_ANSWER_BYTES} bytes, parsed within {@value #MAX_ANSWER_DEPTH} levels and
 * {@value #MAX_ANSWER_TOKENS} tokens, into a {@link RouteResult} that tells a refusal of the candidate
 * from an error and takes the router's score only when it is a number within {@link #MAX_SCORE}.
 */
final class RouterAnswers {

	static final int MAX_ANSWER_BYTES = HttpServiceClients.MAX_ANSWER_BYTES;

	/**
	 * The deepest router answer read. The answer is kept in the trace a few levels down, and the trace
	 * must stay within what JSON writing allows, so a deeper answer counts as no JSON at all.
	 */
	static final int MAX_ANSWER_DEPTH = 64;

	/**
	 * The most JSON tokens a router answer may hold: each answer is kept as a tree until its trace is
	 * committed, and 64 KiB of empty objects would take some 30 times that as one.
	 */
	static final int MAX_ANSWER_TOKENS = 1024;

	/** The largest router score taken as one; beyond it (or not finite) the model's estimate stands in. */
	static final double MAX_SCORE = 1_000_000;

	/** Reads answers, at most {@value #MAX_ANSWER_DEPTH} levels deep and {@value #MAX_ANSWER_TOKENS} tokens long. */
	private final JsonMapper answers;

	/**
	 * Reads the router's answers leniently where a strict reader would turn an accepted placement into an
	 * error, and so a second placement of the task: Python's {@code json.dumps} writes a NaN or infinite
	 * score as {@code NaN} or {@code Infinity} (taken as no score), and what follows the answer's object
	 * is ignored.
	 */
	RouterAnswers() {
		this.answers = JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_ANSWER_DEPTH)
				.maxTokenCount(MAX_ANSWER_TOKENS)
				.build())
			.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
			.build())
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	/**
	 * The result of the router's {@code response} to {@code post}, a call begun at {@code start} (a
	 * {@link System#nanoTime} reading).
	 * @throws AnswerTooLargeException when the answer goes past {@value #MAX_ANSWER_BYTES} bytes
	 */
	RouteResult read(ClassicHttpResponse response, HttpPost post, long start) throws IOException {
		int status = response.getCode();
		boolean accepted = status >= 200 && status < 300;
		byte[] body;
		try {
			body = readAtMost(response.getEntity(), post);
		}
		catch (IOException ex) {
			// What the status said stands: a 2xx may have placed the task, a refusal refused it, a 5xx failed it.
			// Cancelled by the call's deadline (past the cap, the reader cancels it too, but says so first).
			String what = ex instanceof AnswerTooLargeException ? "exceeds " + MAX_ANSWER_BYTES + " bytes"
					: post.isCancelled() ? "did not end within the timeout" : "broke off (" + why(ex) + ")";
			throw new UnreadAnswerException(accepted
					? new RouteResult("timeout", status, null, null, "the router answered " + status + " but its answer "
							+ what + UnreadAnswerException.MAY_HAVE_PLACED, RouterClient.millis(start))
					: new RouteResult(refusal(status) ? "rejected" : "error", status, null, null,
							"router answered " + status + " (its answer " + what + ")", RouterClient.millis(start)), ex);
		}
		JsonNode answer = parse(body);
		Object kept = answer != null ? answer : body.length == 0 ? null : utf8Prefix(body, 1024);
		if (!accepted) {
			return new RouteResult(refusal(status) ? "rejected" : "error", status, null, kept,
					"router answered " + status, RouterClient.millis(start));
		}
		if (body.length == 0) {
			// A 202 or 204 with no content: accepted, with nothing to score the placement by.
			return new RouteResult("ok", status, null, null, "answer has no body, so no score", RouterClient.millis(start));
		}
		if (answer == null || !answer.isObject()) {
			// Its status says the router took the call, its body does not say it placed the task: "timeout" is the
			// result that tells a caller to ask the router before placing the task again, where "error" would not.
			return new RouteResult("timeout", status, null, kept,
					"the router answered " + status + " but no JSON object (or one nested deeper than " + MAX_ANSWER_DEPTH
							+ " levels or longer than " + MAX_ANSWER_TOKENS + " tokens)" + UnreadAnswerException.MAY_HAVE_PLACED,
					RouterClient.millis(start));
		}
		JsonNode routerStatus = answer.get("status");
		if (routerStatus != null && routerStatus.isString() && "no_capacity".equals(routerStatus.stringValue())) {
			return new RouteResult("rejected", status, null, answer, "router has no capacity for the candidate",
					RouterClient.millis(start));
		}
		JsonNode score = answer.get("score");
		Double value = score != null && score.isNumber() && Math.abs(score.doubleValue()) <= MAX_SCORE ? score.doubleValue()
				: null;
		return new RouteResult("ok", status, value, answer,
				value == null ? "answer has no numeric score within ±" + (long) MAX_SCORE : null,
				RouterClient.millis(start));
	}

	/**
	 * Whether a 4xx refuses this candidate (400, 409, 410, 422: the router cannot place it), rather
	 * than saying the router or our access to it is broken (401, 403, 404, 429, …), which counts as an
	 * error: it opens the breaker and teaches the model nothing about the candidate.
	 */
	static boolean refusal(int status) {
		return status == 400 || status == 409 || status == 410 || status == 422;
	}

	/** Reads the answer, cancelling the exchange past the cap so that the rest is not read while closing. */
	private static byte[] readAtMost(@Nullable HttpEntity entity, HttpPost post) throws IOException {
		if (entity == null) {
			return new byte[0];
		}
		try (InputStream in = entity.getContent()) {
			byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
			if (bytes.length > MAX_ANSWER_BYTES) {
				post.cancel();
				throw new AnswerTooLargeException();
			}
			return bytes;
		}
	}

	/** The answer as JSON; null when it is empty, not JSON, or past the depth or token limits. */
	private @Nullable JsonNode parse(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return answers.readTree(body);
		}
		catch (JacksonException notJson) {
			return null;
		}
	}

	/**
	 * The router answered a status whose body could not be read (cut off, or past {@link #MAX_ANSWER_BYTES}); the
	 * {@code result} is what the status says: a 2xx may have placed the task ({@code timeout}), a refusal refused the
	 * candidate, anything else failed.
	 */
	static final class UnreadAnswerException extends IOException {

		/** What a result the router may have placed the task on adds: the caller is to ask it before placing again. */
		static final String MAY_HAVE_PLACED = ": it may have placed the task";

		final RouteResult result;

		UnreadAnswerException(RouteResult result, Throwable cause) {
			super(result.error(), cause);
			this.result = result;
		}

	}

	/** The router's answer went past {@link #MAX_ANSWER_BYTES}; the exchange was cancelled. */
	static final class AnswerTooLargeException extends IOException {

		static final String MESSAGE = "router answer exceeds " + MAX_ANSWER_BYTES + " bytes";

		AnswerTooLargeException() {
			super(MESSAGE);
		}

	}

	/**
	 * The first {@code limit} bytes of {@code body} as UTF-8 (what the router's JSON must be), cut back to
	 * the start of a character so that a cut never ends in half of one.
	 */
	static String utf8Prefix(byte[] body, int limit) {
		int end = Math.min(body.length, limit);
		if (end < body.length) {
			while (end > 0 && (body[end] & 0xC0) == 0x80) {
				end--;
			}
		}
		return new String(body, 0, end, StandardCharsets.UTF_8);
	}

	/**
	 * Why an exchange with the router failed, in a few words fit for the open {@code /status}: never the HTTP
	 * client's message, which quotes the router's address.
	 */
	static String why(Throwable ex) {
		if (causedBy(ex, UnknownHostException.class)) {
			return "unknown host";
		}
		String tls = TlsFailures.describe(ex);
		if (tls != null) {
			return tls;
		}
		if (HttpServiceClients.closedBeforeSent(ex)) {
			return "the router closed the connection before the request was sent";
		}
		if (causedBy(ex, BoundedConnectOperator.NotConnectedException.class)) {
			return "the connection could not be made";
		}
		if (causedBy(ex, ConnectException.class)) {
			return "connection refused";
		}
		if (causedBy(ex, JacksonException.class)) {
			return "the router answered malformed JSON";
		}
		if (causedBy(ex, NoHttpResponseException.class)) {
			return "the router closed the connection without an answer";
		}
		if (causedBy(ex, MessageConstraintException.class)) {
			return "the router's answer head has a line over " + HttpServiceClients.MAX_LINE_BYTES + " bytes or more than "
					+ HttpServiceClients.MAX_HEADERS + " header fields";
		}
		return causedBy(ex, IOException.class) ? "the connection broke"
				: "the exchange failed (" + ex.getClass().getSimpleName() + ")";
	}

	/** Whether {@code ex} or one of its causes is a {@code type}. */
	static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		return cause(ex, type) != null;
	}

	/**
	 * Whether a failed exchange never reached the router, so the task cannot have been placed: the connect operator
	 * ({@link BoundedConnectOperator}) tells every failure of the connect (a refusal, no route, the TLS handshake) by a
	 * {@link ConnectException}, or by a {@link ConnectTimeoutException} when its time ran out, and a lookup's by an
	 * {@link UnknownHostException}; a call cancelled before its request was written fails with HttpClient's
	 * {@link RequestFailedException} (which, with retries off, it throws only before the write). So does a write that met
	 * a connection the router had closed (a broken pipe: with the body's length given, the request's end never left),
	 * and, on a {@code freshConnection} (one that carried no exchange before), a TLS alert that ends the handshake,
	 * which a TLS 1.3 router sends about the client's certificate while the first request is written, before it reads
	 * any. On a connection that did carry one, such an alert may end a renegotiation after the request was read. After
	 * any other failure the request may have been read.
	 */
	static boolean neverSent(Throwable ex, boolean freshConnection) {
		return causedBy(ex, ConnectException.class) || causedBy(ex, UnknownHostException.class)
				|| causedBy(ex, ConnectTimeoutException.class) || causedBy(ex, RequestFailedException.class)
				|| freshConnection && TlsFailures.refusedHandshake(ex) || HttpServiceClients.closedBeforeSent(ex);
	}

	/** {@code ex} or the first of its causes that is a {@code type}, or null. */
	static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		return HttpServiceClients.cause(ex, type);
	}

}
