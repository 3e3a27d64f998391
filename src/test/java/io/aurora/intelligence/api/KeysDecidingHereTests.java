package io.aurora.intelligence.api;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What this process knows of the keys it is deciding: held, uncertain until their bound, left unreleased. */
class KeysDecidingHereTests {

	private final KeysDecidingHere here = new KeysDecidingHere();

	@Test
	void aKeyIsBeingDecidedWhileAnotherRequestHoldsIt() {
		here.hold("k");
		assertThat(here.beingDecided("k", false)).isTrue();
		assertThat(here.beingDecided("k", true)).as("the asking request alone").isFalse();
		here.hold("k");
		assertThat(here.beingDecided("k", true)).as("a second request holds it too").isTrue();
		here.letGo("k");
		here.letGo("k");
		assertThat(here.beingDecided("k", false)).isFalse();
	}

	@Test
	void anUncertainKeyIsBeingDecidedUntilItsBoundAndNotAfter() {
		here.uncertain("k", Duration.ofMillis(300));
		assertThat(here.beingDecided("k", false)).as("its trace may still commit").isTrue();
		await("the bound passes").atMost(Duration.ofSeconds(10)).until(() -> !here.beingDecided("k", false));
		assertThat(here.beingDecided("other", false)).isFalse();
	}

	@Test
	void anUnreleasedClaimIsKnownByItsTimeUntilReleased() {
		Instant at = Instant.parse("2026-12-07T10:00:00Z");
		here.unreleased("k", at);
		assertThat(here.leftUnreleased("k", at)).isTrue();
		assertThat(here.leftUnreleased("k", at.plusMillis(1))).as("a later claim of the key").isFalse();
		here.released("k", at.plusMillis(1));
		assertThat(here.leftUnreleased("k", at)).as("another claim's release").isTrue();
		here.released("k", at);
		assertThat(here.leftUnreleased("k", at)).isFalse();
	}

	@Test
	void aFullMapOfUnreleasedClaimsMakesRoomForTheNewestByForgettingExpiredThenOldestClaims() {
		Instant start = Instant.parse("2026-12-07T10:00:00Z");
		for (int i = 0; i < KeysDecidingHere.MAX_KEYS; i++) {
			here.unreleased("k" + i, start.plusSeconds(i));
		}
		Instant dayLater = start.plus(Duration.ofDays(1)).plusSeconds(10);
		here.unreleased("new", dayLater);
		assertThat(here.leftUnreleased("new", dayLater)).as("noted, though the map was full").isTrue();
		assertThat(here.leftUnreleased("k0", start)).as("expired from the store a day after its claim").isFalse();
		assertThat(here.leftUnreleased("k10", start.plusSeconds(10))).as("claimed a day before the newest: kept").isTrue();
		for (int i = 0; i < 20; i++) {
			here.unreleased("more" + i, dayLater);
		}
		assertThat(here.leftUnreleased("more19", dayLater)).isTrue();
		assertThat(here.leftUnreleased("k10", start.plusSeconds(10))).as("the oldest, forgotten to make room").isFalse();
		assertThat(here.leftUnreleased("k" + (KeysDecidingHere.MAX_KEYS - 1), start.plusSeconds(KeysDecidingHere.MAX_KEYS - 1)))
			.isTrue();
	}

}
