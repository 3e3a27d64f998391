package io.aurora.intelligence.executor;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which circuit the metrics and {@code /status} show, and how both kinds of caller's candidates are listed. */
class CallerBreakersTests {

	private final RouterBreaker authorised = breaker("keyed");

	private final RouterBreaker anonymous = breaker("anonymous");

	private final CallerBreakers breakers = new CallerBreakers(authorised, anonymous);

	private static final RouteResult FAILED = new RouteResult("error", 404, null, null, "router answered 404", 1);

	@Test
	void theCircuitShownIsTheKeyedCallersOnceTheyHaveCalledElseTheOthers() {
		assertThat(breakers.circuit()).isEqualTo("closed");
		anonymous.breaker().transitionToOpenState();
		anonymous.trial(FAILED);
		assertThat(breakers.circuit()).as("every scheduler may decide without the key").isEqualTo("open");
		assertThat(breakers.circuitOpen()).isTrue();
		authorised.trial(new RouteResult("ok", 200, 0.5, null, null, 1));
		assertThat(breakers.circuit()).as("callers without the key cannot page for callers with it").isEqualTo("closed");
		assertThat(breakers.circuitOpen()).isFalse();
		assertThat(breakers.anonymousOpen()).isTrue();
		assertThat(breakers.callers()).isEqualTo(new RouterStatus.Callers("closed", "open"));
	}

	@Test
	void anOpenKeyedCircuitIsShownOpenWhateverTheOthersIs() {
		authorised.trial(FAILED);
		authorised.breaker().transitionToOpenState();
		anonymous.trial(FAILED);
		anonymous.breaker().transitionToOpenState();
		anonymous.breaker().transitionToHalfOpenState();
		assertThat(breakers.circuit()).isEqualTo("open");
		assertThat(breakers.callers()).isEqualTo(new RouterStatus.Callers("open", "half_open"));
	}

	@Test
	void openCandidatesOfCallersWithoutTheKeyAreMarkedSo() {
		for (int i = 0; i < 3; i++) {
			CandidateCircuits.Admission admission = anonymous.candidates().admit(new CandidateCircuits.Key("akash", "A8"));
			anonymous.failed(new RouteResult("error", 500, null, null, "router answered 500", 1), 1_000, admission, true, null);
		}
		assertThat(breakers.open(20)).singleElement().satisfies(open -> {
			assertThat(open.provider()).isEqualTo("akash");
			assertThat(open.anonymous()).isTrue();
		});
		assertThat(breakers.candidatesOpen()).isEqualTo(1);
		assertThat(authorised.candidates().admit(new CandidateCircuits.Key("akash", "A8")).skipped()).isNull();
	}

	private static RouterBreaker breaker(String name) {
		return new RouterBreaker(CircuitBreaker.ofDefaults(name), new CandidateCircuits(3, 30, Clock.systemUTC()),
				Clock.systemUTC());
	}

}
