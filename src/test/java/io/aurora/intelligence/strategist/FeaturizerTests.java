package io.aurora.intelligence.strategist;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeaturizerTests {

	@Test
	void seedExampleContextGivesItsBuckets() {
		Map<String, Object> context = Map.of("cpu", 8, "memory_gb", 32, "latency_ms", 50, "region", "us-west");
		Features features = Featurizer.features(context, 0.68, 0.82);
		assertThat(features.seedKey()).isEqualTo("us-west|cpu=8|mem=32|lat=50-100|c=0.7|d=0.8");
		assertThat(features.key()).isEqualTo("us-west|cpu=8|mem=32|lat=50-100|psi=high");
	}

	@Test
	void missingFieldsTakeTheSeedDefaults() {
		assertThat(key(Map.of())).isEqualTo("global|cpu=4|mem=16|lat=100-200");
	}

	@Test
	void aNullMemoryGbIsLeftOutSoMemCounts() {
		Map<String, Object> context = new HashMap<>();
		context.put("memory_gb", null);
		context.put("mem", "64");
		assertThat(part(key(context), 2)).isEqualTo("mem=64");
		context.remove("mem");
		assertThat(part(key(context), 2)).as("neither: the default").isEqualTo("mem=16");
		context.put("memory_gb", 32);
		context.put("mem", "64");
		assertThat(part(key(context), 2)).as("memory_gb first when both are given").isEqualTo("mem=32");
	}

	@Test
	void cpuBucketsAreUpperBounds() {
		assertThat(cpu(1)).isEqualTo("2");
		assertThat(cpu(2)).isEqualTo("2");
		assertThat(cpu(3)).isEqualTo("4");
		assertThat(cpu(9)).isEqualTo("16");
		assertThat(cpu(32)).isEqualTo("32");
		assertThat(cpu(33)).isEqualTo("64+");
		assertThat(cpu(128)).isEqualTo("64+");
		assertThat(cpu("500m")).isEqualTo("2");
		assertThat(cpu("12")).isEqualTo("16");
	}

	@Test
	void memoryAcceptsNumbersAliasesAndKubernetesQuantities() {
		assertThat(mem("memory_gb", 32)).isEqualTo("32");
		assertThat(mem("memory_gb", 33)).isEqualTo("64");
		assertThat(mem("mem", "32Gi")).isEqualTo("32");
		assertThat(mem("mem", "512Mi")).isEqualTo("8");
		assertThat(mem("memory_gb", "200Gi")).isEqualTo("256+");
		assertThat(mem("memory_gb", "1Ti")).isEqualTo("256+");
		assertThat(mem("memory_gb", "64G")).isEqualTo("64");
	}

	@Test
	void memoryGbWinsOverMem() {
		Map<String, Object> context = Map.of("memory_gb", 8, "mem", "128Gi");
		assertThat(key(context)).contains("|mem=8|");
	}

	@Test
	void latencyBucketsAreHalfOpen() {
		assertThat(latency(49.9)).isEqualTo("<50");
		assertThat(latency(50)).isEqualTo("50-100");
		assertThat(latency(100)).isEqualTo("100-200");
		assertThat(latency(199)).isEqualTo("100-200");
		assertThat(latency(200)).isEqualTo("200+");
	}

	@Test
	void seedKeyRoundsPsiToTenths() {
		assertThat(Featurizer.features(Map.of(), 0.649, 0.25).seedKey()).endsWith("|c=0.6|d=0.3");
		assertThat(Featurizer.features(Map.of(), 1.0, 0.0).seedKey()).endsWith("|c=1.0|d=0.0");
	}

	@Test
	void ourKeysSplitPsiOnlyThreeWays() {
		assertThat(Featurizer.features(Map.of(), 0.1, 0.2).key()).endsWith("|psi=low");
		assertThat(Featurizer.features(Map.of(), 0.4, 0.6).key()).endsWith("|psi=mid");
		assertThat(Featurizer.features(Map.of(), 0.9, 0.7).key()).endsWith("|psi=high");
		long distinct = java.util.stream.IntStream.range(0, 100)
			.mapToObj(i -> Featurizer.features(Map.of(), 0.4 + i / 1000.0, 0.45 + i / 1000.0).key()).distinct().count();
		assertThat(distinct).isEqualTo(1);
	}

	@Test
	void regionDefaultsToGlobalAndCannotForgeKeySeparators() {
		assertThat(key(Map.of("region", "  "))).startsWith("global|");
		assertThat(key(Map.of("region", "eu|cpu=64+"))).as("a fixed number of parts follows the region")
			.isEqualTo("eu|cpu=64+|cpu=4|mem=16|lat=100-200").isNotEqualTo(key(Map.of("region", "eu", "cpu", 64)));
		assertThat(key(Map.of("region", "us|west"))).as("regions apart stay apart")
			.isNotEqualTo(key(Map.of("region", "us_west"))).isNotEqualTo(key(Map.of("region", "us%7Cwest")));
		assertThat(key(Map.of("region", "eu%west"))).as("as earlier versions keyed it").startsWith("eu%west|cpu=4");
		assertThat(Featurizer.features(Map.of("region", "us|west"), 0.5, 0.5).region()).as("kept as given").isEqualTo("us|west");
	}

	@Test
	void unusableValuesNameTheirField() {
		assertThatThrownBy(() -> key(Map.of("cpu", "lots")))
			.isInstanceOfSatisfying(InvalidContextException.class, ex -> assertThat(ex.field()).isEqualTo("cpu"));
		assertThatThrownBy(() -> key(Map.of("memory_gb", -1)))
			.isInstanceOfSatisfying(InvalidContextException.class, ex -> assertThat(ex.field()).isEqualTo("memory_gb"));
		assertThatThrownBy(() -> key(Map.of("latency_ms", true)))
			.isInstanceOfSatisfying(InvalidContextException.class, ex -> assertThat(ex.field()).isEqualTo("latency_ms"))
			.hasMessage("latency_ms must be a number, or one in a string (200 or \"200\")");
		assertThatThrownBy(() -> key(Map.of("cpu", true))).as("the quantity strings a field takes, named")
			.hasMessage("cpu must be a number, or one in a string (4, \"4\" or \"500m\")");
		assertThatThrownBy(() -> key(Map.of("region", 7)))
			.isInstanceOfSatisfying(InvalidContextException.class, ex -> assertThat(ex.field()).isEqualTo("region"));
		assertThatThrownBy(() -> key(Map.of("cpu", "NaN"))).isInstanceOf(InvalidContextException.class);
		assertThatThrownBy(() -> key(Map.of("region", "r".repeat(65))))
			.isInstanceOf(InvalidContextException.class);
		for (String unprintable : new String[] { "eu\u0000west", "eu\u202Ewest", "eu\u2028west" }) {
			assertThatThrownBy(() -> key(Map.of("region", unprintable)))
				.isInstanceOfSatisfying(InvalidContextException.class, ex -> assertThat(ex.field()).isEqualTo("region"));
		}
		assertThat(Featurizer.fromTrace(Map.of("region", "eu\twest"), Map.of()).region())
			.as("a trace stored before the rule still replays").isEqualTo("eu\twest");
		assertThat(Featurizer.ofStored(Map.of("region", "eu\twest"), 0.5, 0.5).region())
			.as("and still takes feedback").isEqualTo("eu\twest");
	}

	@Test
	void numbersGivenAsStringsArePlainDecimalsWithTheirFieldsUnits() {
		for (String loose : new String[] { "8d", "8f", "0x1p3", "0x10", "8 m", "Infinity", "1_000" }) {
			assertThatThrownBy(() -> key(Map.of("cpu", loose))).as(loose)
				.isInstanceOfSatisfying(InvalidContextException.class, ex -> assertThat(ex.field()).isEqualTo("cpu"));
			assertThatThrownBy(() -> key(Map.of("latency_ms", loose))).as(loose).isInstanceOf(InvalidContextException.class);
		}
		assertThatThrownBy(() -> key(Map.of("memory_gb", "32Gd"))).isInstanceOf(InvalidContextException.class);
		assertThatThrownBy(() -> key(Map.of("memory_gb", "32b"))).as("bytes, or a unit left out: neither is GiB")
			.isInstanceOf(InvalidContextException.class);
		assertThat(mem("memory_gb", "130GB")).as("decimal, as Kubernetes reads G").isEqualTo("128");
		assertThat(mem("memory_gb", "130Gi")).isEqualTo(mem("memory_gb", 130)).isEqualTo("256+");
		assertThat(mem("memory_gb", " 1.5e1GB ")).isEqualTo("16");
		assertThat(mem("mem", "+32gi")).isEqualTo("32");
		assertThat(key(Map.of("cpu", "500m", "latency_ms", ".5e2"))).isEqualTo("global|cpu=2|mem=16|lat=50-100");
		assertThat(Featurizer.ofStored(Map.of("cpu", "8d"), 0.5, 0.5).cpu()).as("a trace stored before the rule still replays")
			.isEqualTo(8);
	}

	@Test
	void nullValuesCountAsMissing() {
		Map<String, Object> context = new HashMap<>();
		context.put("cpu", null);
		assertThat(key(context)).isEqualTo("global|cpu=4|mem=16|lat=100-200");
	}

	private static String key(Map<String, ?> context) {
		return Featurizer.features(context, 0.5, 0.5).contextKey();
	}

	private static String cpu(Object value) {
		return part(key(Map.of("cpu", value)), 1).substring("cpu=".length());
	}

	private static String mem(String key, Object value) {
		return part(key(Map.of(key, value)), 2).substring("mem=".length());
	}

	private static String latency(double value) {
		return part(key(Map.of("latency_ms", value)), 3).substring("lat=".length());
	}

	private static String part(String key, int index) {
		return key.split("\\|")[index];
	}

}
