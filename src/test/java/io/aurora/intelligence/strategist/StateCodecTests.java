package io.aurora.intelligence.strategist;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StateCodecTests {

	@Test
	void anImportedEntryIsLearnedForTheCandidateItNames() {
		assertThat(StateCodec.action(Map.of("provider", "akash", "sku", "A100-80G", "q", 0.5)))
			.isEqualTo(new Action("akash", "A100-80G"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "a\u0000b", "tab\there", "\uD800" })
	void anImportedEntryForAProviderNoDecisionCouldOfferIsRefused(String provider) {
		assertThatIllegalArgumentException().isThrownBy(() -> StateCodec.action(Map.of("provider", provider, "sku", "s")))
			.withMessageContaining("'provider'");
	}

	@Test
	void anImportedEntryWithoutAStringSkuOrWithAnOverlongOneIsRefused() {
		Map<String, Object> missing = new HashMap<>(Map.of("provider", "akash"));
		assertThatIllegalArgumentException().isThrownBy(() -> StateCodec.action(missing)).withMessageContaining("'sku'");
		assertThatIllegalArgumentException().isThrownBy(() -> StateCodec.action(Map.of("provider", "akash", "sku", 7)))
			.withMessageContaining("'sku'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StateCodec.action(Map.of("provider", "akash", "sku", "x".repeat(StateCodec.MAX_NAME + 1))));
		assertThat(StateCodec.action(Map.of("provider", "akash", "sku", "x".repeat(StateCodec.MAX_NAME))).sku())
			.hasSize(StateCodec.MAX_NAME);
	}

}
