package io.aurora.intelligence.auditor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.strategist.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class OfferableNamesTests {

	@Test
	void aStateWhoseEntriesNameCandidatesADecisionCouldOfferPasses() {
		Map<String, Object> state = Map.of("heads", Map.of("reward", Map.of("actions",
				List.of(Map.of("provider", "akash", "sku", "A100-80G", "a", List.of(1.0, 2.0)),
						Map.of("provider", "ünï çødé", "sku", "x".repeat(Action.MAX_NAME))))));
		assertThatNoException().isThrownBy(() -> OfferableNames.check(state));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "a\u0000b", "tab\there", "\uD800", "a\u202Eb", "zero\u200Bwidth", "a\u2028b" })
	void anEntryNamingAProviderNoDecisionCouldOfferIsRefusedWhereverItSits(String provider) {
		Map<String, Object> state = Map.of("rows", List.of(Map.of("state", "eu|4|16",
				"values", List.of(Map.of("provider", "akash", "sku", "s"), Map.of("provider", provider, "sku", "s")))));
		assertThatIllegalArgumentException().isThrownBy(() -> OfferableNames.check(state)).withMessageContaining("'provider'");
	}

	@Test
	void anEntryWithoutAStringSkuOrWithAnOverlongOneIsRefused() {
		Map<String, Object> missing = new HashMap<>(Map.of("provider", "akash"));
		assertThatIllegalArgumentException().isThrownBy(() -> OfferableNames.check(Map.of("actions", List.of(missing))))
			.withMessageContaining("'sku'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OfferableNames.check(Map.of("actions", List.of(Map.of("provider", "akash", "sku", 7)))));
		assertThatIllegalArgumentException().isThrownBy(() -> OfferableNames.check(
				Map.of("actions", List.of(Map.of("provider", "akash", "sku", "x".repeat(Action.MAX_NAME + 1))))));
	}

}
