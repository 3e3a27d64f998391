package io.aurora.intelligence.evaluation;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which decisions' contexts a segment holds, and which segments are refused. */
class SegmentTests {

	@Test
	void aFeatureEntryMatchesTheValueTheModelReadDefaultsIncluded() {
		Segment cpu = Segment.of(Map.of("cpu", 8));
		assertThat(cpu.contains(Map.of("cpu", "8"))).isTrue();
		assertThat(cpu.contains(Map.of("cpu", "8000m"))).isTrue();
		assertThat(cpu.contains(Map.of("cpu", 8.0))).isTrue();
		assertThat(cpu.contains(Map.of("cpu", 4))).isFalse();
		assertThat(cpu.contains(Map.of())).as("the model read 4").isFalse();
		assertThat(Segment.of(Map.of("cpu", "4")).contains(Map.of())).as("cpu's default").isTrue();
		assertThat(Segment.of(Map.of("memory_gb", 32)).contains(Map.of("mem", "32Gi"))).isTrue();
		assertThat(Segment.of(Map.of("mem", "32768Mi")).contains(Map.of("memory_gb", 32))).isTrue();
		assertThat(Segment.of(Map.of("latency_ms", "50")).contains(Map.of("latency_ms", 50.0))).isTrue();
		Segment global = Segment.of(Map.of("region", "global"));
		assertThat(global.contains(Map.of())).as("a decision without a region").isTrue();
		assertThat(global.contains(Map.of("region", " "))).isTrue();
		assertThat(global.contains(Map.of("region", "us-west"))).isFalse();
		assertThat(Segment.of(Map.of("region", "us-west")).contains(Map.of("region", " us-west "))).isTrue();
		assertThat(Segment.of(Map.of("region", "us-west")).contains(Map.of("region", "US-West"))).isFalse();
		assertThat(cpu.contains(Map.of("cpu", "many"))).as("a context the model cannot read").isFalse();
	}

	@Test
	void anotherEntryMatchesAnEqualScalarANumberAlsoAStringHoldingItAndABooleanItsString() {
		Segment tier = Segment.of(Map.of("tier", 1));
		assertThat(tier.contains(Map.of("tier", 1.0))).isTrue();
		assertThat(tier.contains(Map.of("tier", "1"))).isTrue();
		assertThat(tier.contains(Map.of("tier", " 1.00 "))).isTrue();
		assertThat(tier.contains(Map.of("tier", "1x"))).isFalse();
		assertThat(tier.contains(Map.of("tier", 2))).isFalse();
		assertThat(tier.contains(Map.of("tier", true))).isFalse();
		assertThat(tier.contains(Map.of())).isFalse();
		Map<String, Object> absent = new HashMap<>();
		absent.put("tier", null);
		assertThat(tier.contains(absent)).isFalse();
		assertThat(Segment.of(Map.of("tier", "1")).contains(Map.of("tier", 1))).isTrue();
		assertThat(Segment.of(Map.of("zero", 0)).contains(Map.of("zero", -0.0))).isTrue();
		assertThat(Segment.of(Map.of("job", 9_007_199_254_740_993L)).contains(Map.of("job", 9_007_199_254_740_992L)))
			.as("integers beyond a double's precision are told apart").isFalse();
		Segment gpu = Segment.of(Map.of("gpu", true));
		assertThat(gpu.contains(Map.of("gpu", true))).isTrue();
		assertThat(gpu.contains(Map.of("gpu", "true"))).isTrue();
		assertThat(gpu.contains(Map.of("gpu", false))).isFalse();
		assertThat(gpu.contains(Map.of("gpu", "True"))).isFalse();
		assertThat(gpu.contains(Map.of("gpu", 1))).isFalse();
		assertThat(Segment.of(Map.of("version", "1.10")).contains(Map.of("version", "1.1"))).as("two strings, exactly")
			.isFalse();
		assertThat(Segment.of(Map.of("account", "007")).contains(Map.of("account", "7"))).isFalse();
		assertThat(Segment.of(Map.of("account", "007")).contains(Map.of("account", 7))).isTrue();
		assertThat(Segment.of(Map.of("big", 1e23)).contains(Map.of("big", "1e23"))).isTrue();
		assertThat(Segment.of(Map.of("big", 1e23)).contains(Map.of("big", new BigInteger("100000000000000000000000"))))
			.isTrue();
		assertThat(Segment.of(Map.of("ratio", "0.1")).contains(Map.of("ratio", 0.1))).isTrue();
		assertThat(Segment.of(Map.of("three", 3)).contains(Map.of("three", "\u0663"))).as("ASCII digits only").isFalse();
		Segment huge = Segment.of(Map.of("tag", "100e2147483647"));
		assertThat(huge.contains(Map.of("tag", "100e2147483647"))).isTrue();
		assertThat(huge.contains(Map.of("tag", 100))).isFalse();
		assertThat(Segment.of(Map.of("tag", 100)).contains(Map.of("tag", "100e2147483647")))
			.as("a number beyond any scale compared is a string").isFalse();
		Segment tenant = Segment.of(Map.of("tenant", "acme"));
		assertThat(tenant.contains(Map.of("tenant", "acme", "region", "eu"))).isTrue();
		assertThat(tenant.contains(Map.of("tenant", "Acme"))).isFalse();
		assertThat(tenant.contains(Map.of("tenant", Map.of("name", "acme")))).isFalse();
	}

	@Test
	void everyEntryMustHold() {
		Segment both = Segment.of(Map.of("region", "us-west", "tenant", "acme"));
		assertThat(both.contains(Map.of("region", "us-west", "tenant", "acme"))).isTrue();
		assertThat(both.contains(Map.of("region", "us-west", "tenant", "zeta"))).isFalse();
		assertThat(both.contains(Map.of("region", "eu-west", "tenant", "acme"))).isFalse();
		assertThat(Segment.of(Map.of())).isSameAs(Segment.ALL);
		assertThat(Segment.ALL.contains(Map.of("anything", 1))).isTrue();
	}

	@Test
	void anEntryNoDecisionsContextCouldHoldIsRefusedNamingIt() {
		assertThatThrownBy(() -> Segment.of(Map.of("cpu", "lots"))).isInstanceOf(InvalidFieldException.class)
			.hasMessageContaining("cpu is not a number or quantity")
			.extracting(ex -> ((InvalidFieldException) ex).field()).isEqualTo("context.cpu");
		assertThatThrownBy(() -> Segment.of(Map.of("region", 5)))
			.extracting(ex -> ((InvalidFieldException) ex).field()).isEqualTo("context.region");
		assertThatThrownBy(() -> Segment.of(Map.of("region", "r".repeat(65))))
			.extracting(ex -> ((InvalidFieldException) ex).field()).isEqualTo("context.region");
		assertThatThrownBy(() -> Segment.of(Map.of("tenant", "t".repeat(Segment.MAX_TEXT + 1))))
			.extracting(ex -> ((InvalidFieldException) ex).field()).isEqualTo("context.tenant");
		assertThatThrownBy(() -> Segment.of(Map.of("tenant", Double.NaN)))
			.extracting(ex -> ((InvalidFieldException) ex).field()).isEqualTo("context.tenant");
		assertThatThrownBy(() -> Segment.of(Map.of("", "x")))
			.extracting(ex -> ((InvalidFieldException) ex).field()).isEqualTo("context");
		assertThatThrownBy(() -> Segment.of(Map.of("n".repeat(Segment.MAX_NAME + 1), "x")))
			.extracting(ex -> ((InvalidFieldException) ex).field()).isEqualTo("context");
		Map<String, Object> nine = new HashMap<>();
		for (int i = 0; i <= Segment.MAX_ENTRIES; i++) {
			nine.put("k" + i, i);
		}
		assertThatThrownBy(() -> Segment.of(nine)).extracting(ex -> ((InvalidFieldException) ex).field())
			.isEqualTo("context");
		assertThat(Segment.of(Map.of("tenant", "\ud83d\ude80")).contains(Map.of("tenant", "\ud83d\ude80")))
			.as("a surrogate pair is one character").isTrue();
	}

	@Test
	void aSegmentPrintsAsJsonAndEqualsOneOfTheSameEntries() {
		Map<String, Object> entries = new LinkedHashMap<>();
		entries.put("region", "us-\"west\"");
		entries.put("cpu", 8);
		entries.put("gpu", true);
		assertThat(Segment.of(entries)).hasToString("{\"region\": \"us-\\\"west\\\"\", \"cpu\": 8, \"gpu\": true}")
			.isEqualTo(Segment.of(Map.of("cpu", 8, "gpu", true, "region", "us-\"west\"")))
			.isNotEqualTo(Segment.of(Map.of("cpu", 8)));
		assertThat(Segment.of(entries).entries()).isEqualTo(entries);
	}

}
