package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegionSlotsTests {

	@Test
	void aRegionGivesUpItsSlotOnlyAfterGoingTheWholeIdlePeriodUnlearned() {
		List<Integer> cleared = new ArrayList<>();
		RegionSlots slots = new RegionSlots(2, 3);
		assertThat(slots.learn("a", 0, cleared::add)).isEqualTo(0);
		assertThat(slots.learn("b", 1, cleared::add)).isEqualTo(1);
		slots.learn("b", 2, cleared::add);
		assertThat(slots.learn("c", 3, cleared::add)).as("a went unlearned in steps 1 and 2 only").isNull();
		assertThat(cleared).isEmpty();
		assertThat(slots.learn("c", 4, cleared::add)).as("a went unlearned in steps 1, 2 and 3").isEqualTo(0);
		assertThat(cleared).containsExactly(0);
	}

}
