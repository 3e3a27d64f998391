package io.aurora.intelligence.executor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The router's breakers and circuits per kind of caller: one set for callers who may teach the model (with the API key,
 * or every caller where none is set) and one for callers without the key where one is set, so that such callers cannot
 * open the circuits of callers with the key by sending candidates the router fails. The circuit metrics and
 * {@code /status} show is that of callers with the key, or of the others until a caller with the key has had a call
 * counted (where every scheduler decides without the key, theirs is the one that matters); the last call is either's,
 * and the candidates are both kinds'.
 */
final class CallerBreakers {

	private final RouterBreaker authorised;

	private final RouterBreaker anonymous;

	CallerBreakers(RouterBreaker authorised, RouterBreaker anonymous) {
		this.authorised = authorised;
		this.anonymous = anonymous;
	}

	/** The breaker and circuits of {@code authorised} callers, or of the others. */
	RouterBreaker of(boolean authorised) {
		return authorised ? this.authorised : anonymous;
	}

	/** The breaker shown: that of callers with the key once one of them has had a call counted, else the others'. */
	private RouterBreaker shown() {
		return authorised.lastCounted() == null && anonymous.lastCounted() != null ? anonymous : authorised;
	}

	/** The shown circuit's state: closed, open or half_open. */
	String circuit() {
		return shown().circuit();
	}

	/** Whether the shown circuit is skipping calls, or limiting them to a trial, because the router kept failing. */
	boolean circuitOpen() {
		return shown().circuitOpen();
	}

	/** Whether the circuit of callers without the API key is skipping calls or limiting them to a trial. */
	boolean anonymousOpen() {
		return anonymous.circuitOpen();
	}

	/** The last call either breaker counted. */
	RouterBreaker.@Nullable LastCall lastCounted() {
		RouterBreaker.LastCall mine = authorised.lastCounted();
		RouterBreaker.LastCall theirs = anonymous.lastCounted();
		return mine == null || theirs != null && theirs.at().isAfter(mine.at()) ? theirs : mine;
	}

	/** Each kind of caller's circuit, once a caller without the API key has had a call counted; null before. */
	RouterStatus.@Nullable Callers callers() {
		return anonymous.lastCounted() == null ? null : new RouterStatus.Callers(authorised.circuit(), anonymous.circuit());
	}

	/**
	 * How many candidate circuits of either kind of caller are open or half-open (a candidate failed for both kinds
	 * counts twice).
	 */
	int candidatesOpen() {
		return authorised.candidates().openCount() + anonymous.candidates().openCount();
	}

	/** The candidates both kinds of caller have skipped for their open circuits, since the start. */
	long candidatesSkipped() {
		return authorised.candidates().skips() + anonymous.candidates().skips();
	}

	/** Up to {@code limit} candidates whose circuits of either kind of caller are not closed, the longest failing first. */
	List<RouterStatus.OpenCandidate> open(int limit) {
		List<RouterStatus.OpenCandidate> open = new ArrayList<>(authorised.candidates().open(limit));
		anonymous.candidates().open(limit).forEach(candidate -> open.add(candidate.asAnonymous()));
		open.sort(Comparator.comparing(RouterStatus.OpenCandidate::since));
		return List.copyOf(open.subList(0, Math.min(open.size(), limit)));
	}

}
