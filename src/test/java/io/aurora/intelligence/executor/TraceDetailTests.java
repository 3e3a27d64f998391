package io.aurora.intelligence.executor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.evaluation.Segment;
import io.aurora.intelligence.strategist.Featurizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a trace keeps of a decision's free-form JSON, and that what it keeps replays to the same features. */
class TraceDetailTests {

	private static final Map<String, Object> CONTEXT = Map.of("cpu", "500m", "memory_gb", "32Gi", "latency_ms", 40,
			"region", "eu-west", "team", "render");

	@Test
	void aDecisionWithinTheBoundIsStoredAsItCame() {
		List<Map<String, Object>> candidates = candidates(3, 10);
		TraceDetail.Stored stored = TraceDetail.of(candidates, CONTEXT, 0);
		assertThat(stored.cut()).isFalse();
		assertThat(stored.candidates()).isSameAs(candidates);
		assertThat(stored.context()).isSameAs(CONTEXT);
	}

	@Test
	void aContextIsStoredWholeUpToTheBoundAndCutBeyondIt() {
		List<Map<String, Object>> one = List.of(Map.of("provider", "p", "sku", "s"));
		Map<String, Object> under = Map.of("region", "eu-west", "team", "x".repeat(TraceDetail.MAX_BYTES - 200));
		assertThat(TraceDetail.of(one, under, 0).cut()).as("about 200 bytes under 64 KiB of JSON").isFalse();
		Map<String, Object> over = Map.of("region", "eu-west", "team", "x".repeat(TraceDetail.MAX_BYTES + 200));
		TraceDetail.Stored cut = TraceDetail.of(one, over, 0);
		assertThat(cut.cut()).isTrue();
		assertThat(cut.context()).containsOnlyKeys("region");
		assertThat(TraceDetail.size("abc")).as("a string as JSON: its characters and quotes, about").isBetween(5L, 8L);
		assertThat(TraceDetail.size(Map.of("k", List.of("ab", 1)))).as("{\"k\":[\"ab\",1]}, about").isBetween(13L, 60L);
	}

	@Test
	void beyondTheBoundATraceKeepsNamesFeaturesAndTheChosenOnesMetadata() {
		List<Map<String, Object>> candidates = candidates(16, 60);
		TraceDetail.Stored stored = TraceDetail.of(candidates, CONTEXT, 5);
		assertThat(stored.cut()).isTrue();
		assertThat(stored.context()).as("every short scalar, an evaluation's segment may name it").isEqualTo(CONTEXT);
		assertThat(Featurizer.ofStored(stored.context(), 0.5, 0.5)).as("the same state on replay")
			.isEqualTo(Featurizer.ofStored(CONTEXT, 0.5, 0.5));
		for (int i = 0; i < 16; i++) {
			Map<String, Object> kept = stored.candidates().get(i);
			assertThat(kept).containsEntry("provider", "p" + i).containsEntry("sku", "s");
			if (i == 5) {
				assertThat(kept).containsEntry("metadata", candidates.get(5).get("metadata")).doesNotContainKey(TraceDetail.DROPPED);
			}
			else {
				assertThat(kept).containsEntry(TraceDetail.DROPPED, true).doesNotContainKey("metadata");
			}
		}
		long size = stored.candidates().stream().mapToLong(TraceDetail::size).sum() + TraceDetail.size(stored.context());
		assertThat(size).isLessThan(TraceDetail.MAX_BYTES + 2_000);
	}

	@Test
	void theChosenOnesMetadataIsDroppedTooWhenItAloneIsBeyondTheBound() {
		List<Map<String, Object>> candidates = candidates(2, 64);
		Map<String, Object> huge = new LinkedHashMap<>();
		for (int key = 0; key < 64; key++) {
			huge.put("k" + key, List.of("x".repeat(1024), "y".repeat(1024)));
		}
		candidates.get(0).put("metadata", huge);
		TraceDetail.Stored stored = TraceDetail.of(candidates, CONTEXT, 0);
		assertThat(stored.cut()).isTrue();
		assertThat(stored.candidates().get(0)).containsEntry(TraceDetail.DROPPED, true).doesNotContainKey("metadata");
	}

	@Test
	void aCandidateWithoutMetadataIsNotMarked() {
		List<Map<String, Object>> candidates = candidates(16, 60);
		candidates.add(new LinkedHashMap<>(Map.of("provider", "bare", "sku", "s")));
		TraceDetail.Stored stored = TraceDetail.of(candidates, Map.of("notes", "n".repeat(100_000)), 0);
		assertThat(stored.cut()).isTrue();
		assertThat(stored.context()).isEmpty();
		assertThat(stored.candidates().get(16)).containsOnlyKeys("provider", "sku");
	}

	@Test
	void bulkUnderAFeatureKeyTheFeaturizerDoesNotReadIsCountedAndLeftOutWhileShortScalarsStay() {
		List<Object> bulk = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			bulk.add("m".repeat(1024));
		}
		Map<String, Object> context = new LinkedHashMap<>(CONTEXT);
		context.put("mem", List.of(bulk, bulk));
		TraceDetail.Stored stored = TraceDetail.of(candidates(2, 1), context, 0);
		assertThat(stored.cut()).as("memory_gb is read, so mem is only bulk").isTrue();
		assertThat(stored.context()).containsOnlyKeys("cpu", "memory_gb", "latency_ms", "region", "team");
	}

	@Test
	void beyondTheBoundACutTraceKeepsTheContextsScalarsUpToTheirLengthAndLeavesOutTheRest() {
		Map<String, Object> context = new LinkedHashMap<>();
		context.put("tenant", "acme");
		context.put("gpu", true);
		context.put("priority", 3);
		context.put("note", null);
		context.put("label", "l".repeat(TraceDetail.MAX_KEPT_CHARS));
		context.put("long", "l".repeat(TraceDetail.MAX_KEPT_CHARS + 1));
		context.put("tags", List.of("a", "b"));
		context.put("owner", Map.of("team", "render"));
		TraceDetail.Stored stored = TraceDetail.of(candidates(16, 60), context, 0);
		assertThat(stored.cut()).isTrue();
		assertThat(stored.context()).containsOnlyKeys("tenant", "gpu", "priority", "note", "label")
			.containsEntry("tenant", "acme").containsEntry("gpu", true).containsEntry("priority", 3);
		assertThat(TraceDetail.MAX_KEPT_CHARS).as("every string a segment may name is kept").isEqualTo(Segment.MAX_TEXT);
	}

	@Test
	void aFeaturesStringIsKeptWhateverItsLengthSoThatReplayReadsIt() {
		Map<String, Object> context = Map.of("cpu", "8." + "0".repeat(600), "region", "eu-west");
		TraceDetail.Stored stored = TraceDetail.of(candidates(16, 60), context, 0);
		assertThat(stored.cut()).isTrue();
		assertThat(stored.context()).isEqualTo(context);
		assertThat(Featurizer.ofStored(stored.context(), 0.5, 0.5).cpu()).isEqualTo(8);
	}

	@Test
	void integersBeyondALongAreCountedByTheirDigits() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		for (int key = 0; key < 64; key++) {
			metadata.put("k" + key, new java.math.BigInteger("9".repeat(1000)));
		}
		List<Map<String, Object>> candidates = candidates(2, 0);
		candidates.get(0).put("metadata", metadata);
		candidates.get(1).put("metadata", metadata);
		assertThat(TraceDetail.size(metadata)).isGreaterThan(64_000);
		assertThat(TraceDetail.of(candidates, CONTEXT, 0).cut()).isTrue();
	}

	private static List<Map<String, Object>> candidates(int count, int keys) {
		List<Map<String, Object>> candidates = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Map<String, Object> metadata = new LinkedHashMap<>();
			for (int key = 0; key < keys; key++) {
				metadata.put("k" + key, "v".repeat(900));
			}
			Map<String, Object> candidate = new LinkedHashMap<>();
			candidate.put("provider", "p" + i);
			candidate.put("sku", "s");
			candidate.put("metadata", metadata);
			candidates.add(candidate);
		}
		return candidates;
	}

}
