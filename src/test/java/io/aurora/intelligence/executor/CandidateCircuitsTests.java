package io.aurora.intelligence.executor;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Which of the router's failures a candidate's circuit takes, and which it hands on to the router's breaker. */
class CandidateCircuitsTests {

	static final RouteResult FAILED = new RouteResult("error", 503, null, null, "router answered 503", 2);

	static final CandidateCircuits.Key AKASH = new CandidateCircuits.Key("akash", "A8");

	static final CandidateCircuits.Key VAST = new CandidateCircuits.Key("vast", "V4");

	static final CandidateCircuits.Key RENDER = new CandidateCircuits.Key("render", "R1");

	final CandidateCircuits circuits = new CandidateCircuits(3, 1, Clock.systemUTC());

	@Test
	void threeFailuresInARowOpenTheCandidatesCircuitAndDecisionsSkipIt() {
		circuits.answered(VAST);
		for (int i = 0; i < 2; i++) {
			assertThat(fail(AKASH)).as("one candidate failing while the router answers others is the candidate's").isNull();
		}
		assertThat(circuits.admit(AKASH).skipped()).isNull();
		assertThat(fail(AKASH)).isNull();
		CandidateCircuits.Admission skipped = circuits.admit(AKASH);
		assertThat(skipped.skipped()).contains("failed this candidate 3 times in a row").contains("router answered 503");
		assertThat(circuits.skips()).isOne();
		assertThat(circuits.openCount()).isOne();
		assertThat(circuits.open(20)).singleElement().satisfies(open -> {
			assertThat(open.provider()).isEqualTo("akash");
			assertThat(open.circuit()).isEqualTo("open");
			assertThat(open.failures()).isEqualTo(3);
		});
		assertThat(circuits.admit(VAST).skipped()).as("other candidates are untouched").isNull();
	}

	@Test
	void anAnswerAboutTheCandidateEndsItsRunOfFailures() {
		fail(AKASH);
		fail(AKASH);
		circuits.answered(AKASH);
		fail(AKASH);
		fail(AKASH);
		assertThat(circuits.admit(AKASH).skipped()).isNull();
	}

	@Test
	void twoCandidatesFailingWithNoAnswerBetweenAreTheRoutersFailingAndEveryPendingFailureIsHandedOn() {
		circuits.answered(VAST);
		assertThat(fail(AKASH)).isNull();
		assertThat(fail(AKASH)).isNull();
		CandidateCircuits.Failures held = fail(RENDER);
		assertThat(held).as("akash's two and render's one").isNotNull();
		assertThat(held.count()).isEqualTo(3);
		assertThat(fail(RENDER)).as("render's next failure is the router's at once").extracting(CandidateCircuits.Failures::count)
			.isEqualTo(1);
		circuits.answered(VAST);
		assertThat(fail(RENDER)).as("once the router answers again, render's run began before it: the candidate's").isNull();
	}

	@Test
	void aFailureBeforeTheRoutersLastAnswerIsNotTheRouters() {
		fail(AKASH);
		circuits.answered(VAST);
		assertThat(fail(RENDER)).as("akash failed before the answer, so only render has failed since").isNull();
		assertThat(fail(VAST)).as("vast and render both failed since the answer").isNotNull();
	}

	@Test
	void aCandidateTheRouterKeptFailingCountsOnceTheRouterFailsAnotherProviderToo() {
		openAkash();
		circuits.answered(VAST);
		assertThat(circuits.failed(circuits.admit(AKASH), FAILED, 1_000_000)).as("akash alone failing: still akash's").isNull();
		CandidateCircuits.Failures held = fail(VAST);
		assertThat(held).as("the router now fails vast too, though akash's run began long before").isNotNull();
		assertThat(held.count()).as("akash's failure since the answer, and vast's").isEqualTo(2);
	}

	@Test
	void twoSkusOfOneProviderFailingAreThatProvidersFailingNotTheRouters() {
		circuits.answered(VAST);
		assertThat(fail(AKASH)).isNull();
		assertThat(fail(new CandidateCircuits.Key("akash", "A16"))).isNull();
		assertThat(fail(AKASH)).isNull();
	}

	@Test
	void afterItsCooldownOneDecisionTriesTheCandidateAndAFailureOpensItAgain() {
		openAkash();
		await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(circuits.open(20)).singleElement()
			.satisfies(open -> assertThat(open.circuit()).as("due a trial, before a decision comes to make it").isEqualTo("half_open")));
		CandidateCircuits.Admission trial = awaitTrial();
		assertThat(circuits.admit(AKASH).skipped()).as("one trial at a time").isNotNull();
		assertThat(circuits.open(20)).singleElement().satisfies(open -> assertThat(open.circuit()).isEqualTo("half_open"));
		circuits.failed(trial, FAILED, 1_000_000);
		assertThat(circuits.admit(AKASH).skipped()).as("the failed trial opened it again").isNotNull();
		assertThat(circuits.open(20)).singleElement().satisfies(open -> assertThat(open.failures()).isEqualTo(4));
	}

	@Test
	void aTrialGivenBackUnusedLetsTheNextDecisionTryAndAnAnswerClosesTheCircuit() {
		openAkash();
		awaitTrial().release();
		CandidateCircuits.Admission trial = circuits.admit(AKASH);
		assertThat(trial.permit()).as("the trial given back is the next decision's").isNotNull();
		circuits.answered(AKASH);
		assertThat(circuits.openCount()).isZero();
		assertThat(circuits.admit(AKASH).permit()).as("an answer closed it: nothing is held any more").isNull();
	}

	@Test
	void candidatesBeyondTheCapAreTheRoutersAtOnce() {
		CandidateCircuits slow = new CandidateCircuits(3, 3600, Clock.systemUTC());
		for (int i = 0; i < CandidateCircuits.MAX_TRACKED; i++) {
			CandidateCircuits.Key key = new CandidateCircuits.Key("p" + i, "s");
			slow.failed(slow.admit(key), FAILED, 1_000_000);
			slow.answered(VAST);
		}
		assertThat(slow.failed(slow.admit(AKASH), FAILED, 1_000_000)).as("no room to follow akash").isNotNull();
		slow.answered(new CandidateCircuits.Key("p0", "s"));
		assertThat(slow.failed(slow.admit(AKASH), FAILED, 1_000_000)).as("room made by an answer").isNull();
	}

	private void openAkash() {
		circuits.answered(VAST);
		for (int i = 0; i < 3; i++) {
			fail(AKASH);
		}
		assertThat(circuits.admit(AKASH).skipped()).isNotNull();
	}

	/** Waits for the cooldown's end and takes the half-open circuit's one trial. */
	private CandidateCircuits.Admission awaitTrial() {
		AtomicReference<CandidateCircuits.Admission> trial = new AtomicReference<>();
		await().atMost(10, TimeUnit.SECONDS).until(() -> {
			CandidateCircuits.Admission admission = circuits.admit(AKASH);
			trial.set(admission);
			return admission.permit() != null;
		});
		return trial.get();
	}

	private CandidateCircuits.Failures fail(CandidateCircuits.Key key) {
		return circuits.failed(circuits.admit(key), FAILED, 1_000_000);
	}

}
