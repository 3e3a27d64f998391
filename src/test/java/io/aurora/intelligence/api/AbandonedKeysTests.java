package io.aurora.intelligence.api;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.aurora.intelligence.executor.Placement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AbandonedKeysTests {

	private static final Instant CLAIMED = Instant.parse("2026-12-05T10:00:00Z");

	private static final Placement.RouterOutcome PLACED = new Placement.RouterOutcome("akash", "A8", "ok", true);

	private final AbandonedKeys abandoned = new AbandonedKeys(Clock.fixed(CLAIMED, ZoneOffset.UTC));

	@Test
	void whatTheRouterAnsweredStaysWithTheClaimOnceItIsAbandonedHere() {
		abandoned.routed("k", CLAIMED, PLACED);
		assertThat(abandoned.of("k", CLAIMED)).as("routed, not yet given up on").extracting(AbandonedKeys.Abandoned::here)
			.isEqualTo(false);
		abandoned.abandoned("k", CLAIMED);
		assertThat(abandoned.of("k", CLAIMED)).isEqualTo(new AbandonedKeys.Abandoned(CLAIMED, true, PLACED));
	}

	@Test
	void aLaterClaimOfTheSameKeyIsNotTheAbandonedOne() {
		abandoned.routed("k", CLAIMED, PLACED);
		abandoned.abandoned("k", CLAIMED);
		Instant later = CLAIMED.plusSeconds(90_000);
		assertThat(abandoned.of("k", later)).isNull();
		abandoned.abandoned("k", later);
		assertThat(abandoned.of("k", later)).as("the new claim's note, without the old router answer")
			.isEqualTo(new AbandonedKeys.Abandoned(later, true, null));
		assertThat(abandoned.of("k", CLAIMED)).isNull();
		assertThat(abandoned.of("other", CLAIMED)).isNull();
	}

	@Test
	void atMostTheLimitOfKeysIsNotedAndStaleOnesMakeRoom() {
		Instant old = CLAIMED.minusSeconds(2 * 86_400);
		for (int i = 0; i < AbandonedKeys.MAX_KEYS; i++) {
			abandoned.abandoned("k" + i, i == 0 ? old : CLAIMED);
		}
		abandoned.abandoned("new", CLAIMED);
		assertThat(abandoned.of("new", CLAIMED)).as("the day-old claim made room").isNotNull();
		assertThat(abandoned.of("k0", old)).isNull();
		abandoned.abandoned("newer", CLAIMED);
		assertThat(abandoned.of("newer", CLAIMED)).as("full of fresh ones: not noted").isNull();
	}

}
