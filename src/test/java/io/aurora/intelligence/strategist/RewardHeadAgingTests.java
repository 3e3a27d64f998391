package io.aurora.intelligence.strategist;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a reward head ages its candidate models on its clock: each at a step of its own, a few per step. */
class RewardHeadAgingTests {

	private static final double FORGETTING = 0.995;

	private static final long INTERVAL = RewardHead.agingInterval(StrictMath.pow(FORGETTING, 1 / RewardHead.CLOCK_RATIO));

	private static final SparseVector X = new SparseVector(new int[] { 0, 3 }, new double[] { 1, 0.5 });

	@Test
	void everyCandidateModelIsAgedOncePerIntervalEachAtItsOwnStep() {
		RewardHead head = new RewardHead(FORGETTING, 1, 600);
		for (int i = 0; i < 512; i++) {
			head.observe(X, new Action("provider-" + i, "sku-" + i % 7), 0.5);
		}
		for (long n = 0; n < INTERVAL; n++) {
			head.observe(X, new Action("busy", "B1"), 0.2);
		}
		Map<String, Long> agedAt = agedAt(head);
		agedAt.remove("busy/B1");
		assertThat(agedAt).hasSize(512);
		assertThat(agedAt.values()).as("each aged on the clock within one interval after it last learned")
			.allMatch(step -> step >= 512);
		Map<Long, Integer> agedPerStep = new HashMap<>();
		agedAt.values().forEach(step -> agedPerStep.merge(step, 1, Integer::sum));
		assertThat(agedPerStep).as("in 64 turns spread over the interval").hasSize((int) RewardHead.AGING_SLOTS);
		assertThat(agedPerStep.values()).as("never all at once").allMatch(count -> count <= 24);
	}

	@Test
	void aCandidateAgesInTheSameTurnOnEveryReplica() {
		assertThat(RewardHead.agingSlot(new Action("akash", "A8"), 64)).as("fixed by the name alone, as String.hashCode is")
			.isEqualTo(37L);
		assertThat(List.of(new Action("akash", "A8"), new Action("vast", "V4"), new Action("ionet", "H100"))
			.stream().map(a -> RewardHead.agingSlot(a, 64)).distinct()).hasSize(3);
	}

	@Test
	void aShortIntervalAgesEveryCandidateWithinIt() {
		double strong = 0.5;
		long interval = RewardHead.agingInterval(StrictMath.pow(strong, 1 / RewardHead.CLOCK_RATIO));
		assertThat(interval).isLessThan(RewardHead.AGING_SLOTS);
		RewardHead head = new RewardHead(strong, 1, 600);
		for (int i = 0; i < 100; i++) {
			head.observe(X, new Action("provider-" + i, "sku"), 0.5);
		}
		for (long n = 0; n < interval; n++) {
			head.observe(X, new Action("busy", "B1"), 0.2);
		}
		assertThat(agedAt(head).values()).allMatch(step -> step >= 100);
	}

	/** Each candidate model's {@code aged_at}, by {@code provider/sku}, as the head exports it. */
	@SuppressWarnings("unchecked")
	private static Map<String, Long> agedAt(RewardHead head) {
		Map<String, Long> aged = new HashMap<>();
		for (Map<String, Object> a : (List<Map<String, Object>>) head.exportState().get("actions")) {
			aged.put(a.get("provider") + "/" + a.get("sku"), ((Number) a.get("aged_at")).longValue());
		}
		return aged;
	}

}
