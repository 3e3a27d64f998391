package io.aurora.intelligence.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the parsed-heap estimate weighs what a JSON body holds. */
class ParsedSizeTests {

	@Test
	void emptyContainersWeighFarMoreThanTheirBytes() {
		byte[] body = ("[" + String.join(",", Collections.nCopies(10_000, "{}")) + "]").getBytes(StandardCharsets.UTF_8);
		assertThat(ParsedSize.estimate(body, Long.MAX_VALUE)).isEqualTo(10_001 * ParsedSize.CONTAINER)
			.isGreaterThan(50L * body.length);
	}

	@Test
	void namesNumbersAndStringsEachCount() {
		byte[] body = "{\"a\":1,\"b\":2.5,\"c\":\"xyz\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(ParsedSize.estimate(body, Long.MAX_VALUE))
			.isEqualTo(ParsedSize.CONTAINER + 3 * ParsedSize.PROPERTY + 2 * ParsedSize.SCALAR + ParsedSize.STRING + 9);
	}

	@Test
	void countingStopsOncePastTheLimit() {
		byte[] body = ("[" + String.join(",", Collections.nCopies(10_000, "[]")) + "]").getBytes(StandardCharsets.UTF_8);
		assertThat(ParsedSize.estimate(body, 1_000)).isGreaterThan(1_000).isLessThanOrEqualTo(1_000 + ParsedSize.CONTAINER);
	}

	@Test
	void aMalformedBodyIsCountedUpToItsFlaw() {
		byte[] body = "{\"a\":[1,2,}".getBytes(StandardCharsets.UTF_8);
		assertThat(ParsedSize.estimate(body, Long.MAX_VALUE))
			.isEqualTo(2 * ParsedSize.CONTAINER + ParsedSize.PROPERTY + 2 * ParsedSize.SCALAR);
	}

}
